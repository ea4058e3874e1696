// Modules the page and the engine both use. Module builds share them anyway (the engine is an
// import() chunk); the script tag's engine file takes the page's own through the engine's
// input instead of carrying copies (src/engine/fromPage.ts, vite.config.ts): less for every
// page inside WeChat to download, and one CouponError class on the page.
import { CouponError } from '../errors/CouponError';
import { isRecord } from '../utils/isRecord';
import { withTimeout } from '../utils/timeout';

// A list, not an object: its names would be the page's bytes (fromPage.ts reads it in this order).
export const pageModules = [CouponError, isRecord, withTimeout] as const;

export type PageModules = typeof pageModules;
