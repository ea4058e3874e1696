// The script tag's engine file (vite build --mode iife-engine) imports these names from here
// instead of from their own modules (vite.config.ts redirects the imports): they are the
// page's, handed over in the engine's input (src/page/engineModules.ts) before the engine
// runs. Module builds never load this file.
import type { PageModules } from '../page/engineModules';

export let CouponError: PageModules[0];
export let isRecord: PageModules[1];
export let withTimeout: PageModules[2];

/** Called by the engine file's createEngine with what the page sent, before anything else. */
export function adoptPageModules(modules: PageModules): void {
  [CouponError, isRecord, withTimeout] = modules;
}
