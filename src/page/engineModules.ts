// Modules the page and the engine both use. Module builds share them anyway (the engine is an
// import() chunk); the script tag's engine file takes the page's own through the engine's
// context instead of carrying copies (src/engine/fromPage.ts, vite.config.ts): about 0.3 KB
// gzip less for every page inside WeChat, and one CouponError class on the page.
import { invalidArgument } from './cards/validate';
import { CouponError } from '../errors/CouponError';
import { REUSE_MARGIN_MS, signatureCacheKey, signatureStorage } from './transport/signatureRequest';
import { isRecord } from '../utils/isRecord';
import { withTimeout } from '../utils/timeout';

// A list, not an object: its names would be the page's bytes (fromPage.ts reads it in this order).
export const pageModules = [CouponError, invalidArgument, isRecord, REUSE_MARGIN_MS, signatureCacheKey, signatureStorage, withTimeout] as const;

export type PageModules = typeof pageModules;
