import { detectWeChat, type UnsupportedReason } from '../../env/detect';

export type EnvironmentMark = 'ready' | UnsupportedReason;

/**
 * Puts `data-wx-coupon="ready | not-wechat | version-too-low | desktop | wecom"` on `<html>`,
 * so merchants can style fallbacks in CSS (`[data-wx-coupon="not-wechat"] .coupon-cta {…}`).
 */
export function markEnvironment(root: HTMLElement = document.documentElement): EnvironmentMark {
  const { reason } = detectWeChat();
  const mark = reason || 'ready';
  root.setAttribute('data-wx-coupon', mark);
  return mark;
}
