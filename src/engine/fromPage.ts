// The script tag's engine file (vite build --mode iife-engine) imports these names from here
// instead of from their own modules (vite.config.ts redirects the imports): they are the
// page's, handed over in the engine's context (src/engine/pageModules.ts) before the engine
// runs. Module builds never load this file.
import type { PageModules } from '../page/engineModules';

export let CouponError: PageModules[0];
export let invalidArgument: PageModules[1];
export let isRecord: PageModules[2];
export let REUSE_MARGIN_MS: PageModules[3];
export let signatureCacheKey: PageModules[4];
export let signatureStorage: PageModules[5];
export let withTimeout: PageModules[6];

/** Called by the engine file's createEngine with what the page sent, before anything else. */
export function adoptPageModules(modules: PageModules): void {
  [CouponError, invalidArgument, isRecord, REUSE_MARGIN_MS, signatureCacheKey, signatureStorage, withTimeout] = modules;
}
