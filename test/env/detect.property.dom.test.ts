// @vitest-environment happy-dom
// An explicit user agent describes that user agent, not the page running the code: the
// page's own user agent, touch screen and mini program flag must not leak into the answer.
import fc from 'fast-check';
import { afterEach, expect, it, vi } from 'vitest';
import { detectWeChat } from '../../src/env';
import { anyString } from '../helpers/adversarial';

const PAGES = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11)',
  'Mozilla/5.0 (Linux; Android 13; V2055A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F30)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
];
const TOKENS = ['MicroMessenger/', '8.0.47', '6.0.', 'Mozilla/5.0 (', 'iPhone', 'Android 13', 'Macintosh', 'Windows NT 10.0', 'X11', 'Mobile/', 'miniProgram', 'wxwork/', ';', ' '];

afterEach(() => {
  vi.restoreAllMocks();
  delete (window as { __wxjs_environment?: string }).__wxjs_environment;
});

function onPage(page: string, touch: number, miniProgram: boolean, userAgent: string) {
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(page);
  vi.spyOn(navigator, 'maxTouchPoints', 'get').mockReturnValue(touch);
  (window as { __wxjs_environment?: string }).__wxjs_environment = miniProgram ? 'miniprogram' : undefined;
  try {
    return detectWeChat(userAgent);
  } finally {
    vi.restoreAllMocks();
  }
}

it('answers the same for a given user agent on any page', () => {
  const userAgent = fc.oneof(fc.constantFrom('', ' ', ...PAGES), anyString(TOKENS, 40));
  const page = fc.record({ page: fc.constantFrom(...PAGES), touch: fc.constantFrom(0, 5), miniProgram: fc.boolean() });
  fc.assert(
    fc.property(userAgent, page, page, (ua, a, b) => {
      // ua-parser-js consults navigator.userAgentData when the UA given is the page's own.
      fc.pre(ua !== a.page && ua !== b.page);
      expect(onPage(a.page, a.touch, a.miniProgram, ua)).toEqual(onPage(b.page, b.touch, b.miniProgram, ua));
    }),
    { numRuns: 300 },
  );
});
