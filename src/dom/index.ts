export { bindButtons, type CouponEventDetail } from './bindButtons';
export { showFallback, type FallbackOptions } from './fallback';
export { markEnvironment, type EnvironmentMark } from './markEnvironment';
export { fallbackText, type FallbackText, type Lang } from './messages';
