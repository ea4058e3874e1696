import { createInflight } from './cards/inflight';
import type { Engine } from './engine';
import { loadEngine } from './engine/loadEngine';
import { detectWeChat } from './env/detect';
import { CouponError } from './errors/CouponError';
import { normalizeOptions, type CouponOptions, type NormalizedOptions } from './options';
import { currentPageUrl } from './sdk/pageUrl';

/** Everything one `configure()` call sets up; a new call replaces it whole. */
export interface Session {
  options: NormalizedOptions;
  /** The engine for these options, loaded on first use. */
  engine(): Promise<Engine>;
  dedupe: ReturnType<typeof createInflight>;
}

let session: Session | undefined;

/**
 * Sets wx-coupon up for this page. Pure until called: nothing is fetched or loaded here;
 * the first card call (or `ready()`) verifies the page with WeChat.
 * Throws CouponError INVALID_ARGUMENT for options that cannot work.
 */
export function configure(options: CouponOptions): void {
  const normalized = normalizeOptions(options);
  const context = { ios: detectWeChat().os === 'ios', urlAtConfigure: currentPageUrl() };
  let engine: Promise<Engine> | undefined;
  session = {
    options: normalized,
    engine: () => {
      engine ??= loadEngine(normalized.timeoutMs).then(
        (module) => module.createEngine(normalized, context),
        (error: unknown) => {
          engine = undefined;
          throw error;
        },
      );
      return engine;
    },
    dedupe: createInflight(),
  };
}

export function isConfigured(): boolean {
  return session !== undefined;
}

export function requireSession(where: string): Session {
  if (!session) {
    throw new CouponError('INVALID_ARGUMENT', `${where} was called before configure(): call configure({ appId, signatureUrl }) first (or use the script tag’s data-app-id).`);
  }
  return session;
}
