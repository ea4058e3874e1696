// Every read of a browser global goes through here, guarded by `typeof`, so that
// importing any module of wx-coupon on a server (Node, SSR, workers) touches nothing.

/** The current page's user agent, or `''` where there is no `navigator`. */
export function currentUserAgent(): string {
  return typeof navigator !== 'undefined' && typeof navigator.userAgent === 'string'
    ? navigator.userAgent
    : '';
}

/** The current page URL, or `undefined` where there is no `location`. */
export function currentHref(): string | undefined {
  return typeof location !== 'undefined' && typeof location.href === 'string'
    ? location.href
    : undefined;
}

/** True inside a mini program `<web-view>`, which WeChat marks on `window` (its UA may not say so). */
export function isMiniProgramWebView(): boolean {
  return (
    typeof window !== 'undefined' &&
    (window as { __wxjs_environment?: unknown }).__wxjs_environment === 'miniprogram'
  );
}

/** More than one touch point: a tablet or phone, whatever its user agent claims. */
export function hasTouchScreen(): boolean {
  return typeof navigator !== 'undefined' && (navigator.maxTouchPoints || 0) > 1;
}
