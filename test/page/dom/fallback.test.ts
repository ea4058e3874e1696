// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fallbackText, showFallback } from '../../../src/page/dom';
import { UA } from '../../helpers/browserPage';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('showFallback', () => {
  it.each([
    [UA.safari, 'not-wechat', '请在微信中打开', true],
    [UA.android('6.0.1'), 'version-too-low', '6.0.2', false],
    [UA.windows, 'desktop', '请在手机上打开', true],
    [UA.wecom, 'wecom', '企业微信', false],
  ])('explains %#: %s in zh-CN by default', async (userAgent, reason, words, withQr) => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(userAgent);
    const panel = showFallback()!;
    expect(panel.getAttribute('data-wx-coupon-fallback')).toBe(reason);
    expect(panel.textContent).toContain(words);
    expect(panel.parentElement).toBe(document.body);
    if (withQr) await vi.waitFor(() => expect(panel.querySelector('svg path')?.getAttribute('d')).toMatch(/^M\d/));
    else expect(panel.querySelector('figure')).toBeNull();
  });

  it('says what to do at once, then takes its look (CSSOM only) from a file of its own', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(UA.android('6.0.1'));
    const panel = showFallback()!;
    expect(panel.querySelector('.wx-coupon-fallback__title')?.textContent).toBe('请升级微信');
    expect(panel.style.maxWidth).toBe('');
    await vi.waitFor(() => expect(panel.style.maxWidth).toBe('420px'));
    expect(panel.querySelector<HTMLElement>('.wx-coupon-fallback__title')!.style.display).toBe('block');
    expect(document.querySelector('style')).toBeNull();
  });

  it('dresses every panel and keeps the caption when the page URL is too long for a QR code', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(UA.safari);
    const before = location.href;
    history.replaceState(null, '', `/coupon?${'x'.repeat(4000)}`);
    try {
      document.body.innerHTML = '<div data-wx-fallback></div><div data-wx-fallback></div>';
      showFallback();
      const panels = Array.from(document.querySelectorAll<HTMLElement>('.wx-coupon-fallback'));
      await vi.waitFor(() => expect(panels.map((panel) => panel.style.maxWidth)).toEqual(['420px', '420px']));
      expect(panels.map((panel) => panel.querySelector('figcaption')?.textContent)).toEqual(['用微信扫一扫，在手机上打开本页', '用微信扫一扫，在手机上打开本页']);
      expect(document.querySelectorAll('.wx-coupon-fallback svg')).toHaveLength(0);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('speaks English when asked, into [data-wx-fallback]', () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(UA.android('5.4.0'));
    document.body.innerHTML = '<div data-wx-fallback>placeholder</div>';
    const panel = showFallback({ lang: 'en' })!;
    expect(document.querySelector('[data-wx-fallback]')!.firstElementChild).toBe(panel);
    expect(panel.textContent).toContain('update WeChat to 6.0.2 or later'.replace('update', 'Update'));
  });

  it('fills every [data-wx-fallback], each with its QR code', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(UA.safari);
    document.body.innerHTML = '<div data-wx-fallback></div><footer><div data-wx-fallback></div></footer>';
    showFallback();
    const panels = document.querySelectorAll('[data-wx-fallback] .wx-coupon-fallback');
    expect(panels).toHaveLength(2);
    await vi.waitFor(() => expect(document.querySelectorAll('[data-wx-fallback] svg')).toHaveLength(2));
  });

  it('shows nothing where cards work', () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(UA.iphone());
    expect(showFallback()).toBeNull();
    expect(document.body.children).toHaveLength(0);
  });

  it('has every message in both languages', () => {
    for (const reason of ['not-wechat', 'version-too-low', 'desktop', 'wecom'] as const) {
      expect(fallbackText(reason).title).toMatch(/[\u4e00-\u9fff]/);
      expect(fallbackText(reason, 'en').title).toMatch(/^[A-Z][a-z ]+/);
      expect(fallbackText(reason, 'en-US')).toEqual(fallbackText(reason, 'en'));
    }
  });
});
