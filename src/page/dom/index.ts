export { bindButtons } from './bindButtons';
export type {
  CouponEventDetail,
  CouponAddedDetail,
  CouponChosenDetail,
  CouponOpenedDetail,
  CouponFailedDetail,
  CouponEventMap,
  CouponEventType,
} from './couponEvents';
export { showFallback, type FallbackOptions } from './fallback';
export { markEnvironment, type EnvironmentMark } from './markEnvironment';
export { fallbackText, type FallbackText, type Lang } from './messages';
