import { configure } from '../session';
import { bindButtons } from './bindButtons';
import { showFallback } from './fallback';
import { markEnvironment } from './markEnvironment';

function whenParsed(fn: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
  else fn();
}

/**
 * The script tag configures itself from its data attributes:
 * `data-app-id`, `data-signature-url`, `data-card-ext-url`, `data-card-sign-url`,
 * `data-timeout-ms`, `data-debug`, `data-js-api-list` (the page's other JS-SDK APIs, comma or
 * space separated), and `data-fallback` (`"true"` shows the built-in fallback;
 * `data-lang="en"` for English). Without `data-app-id` it does nothing until `configure()`.
 */
export function autoConfigure(script: HTMLScriptElement): boolean {
  const data = script.dataset;
  if (!data.appId) return false;
  configure({
    appId: data.appId,
    signatureUrl: data.signatureUrl,
    cardExtUrl: data.cardExtUrl,
    cardSignUrl: data.cardSignUrl,
    timeoutMs: data.timeoutMs ? Number(data.timeoutMs) : undefined,
    debug: data.debug === 'true',
    // The page's own JS-SDK APIs: buttons run our wx.config at load, and a page has one config.
    jsApiList: data.jsApiList ? data.jsApiList.split(/[\s,]+/).filter(Boolean) : undefined,
  });
  whenParsed(() => {
    const mark = markEnvironment();
    bindButtons(document);
    if (mark !== 'ready' && data.fallback !== undefined && data.fallback !== 'false') {
      showFallback({ lang: data.lang, qr: data.qr !== 'false' });
    }
  });
  return true;
}
