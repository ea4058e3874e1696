import { createCardExtSource, type CardExtSource } from './cards/cardExt';
import { createInflight } from './cards/inflight';
import { CouponError } from './errors/CouponError';
import { normalizeOptions, type CouponOptions, type NormalizedOptions } from './options';
import { createPageVerifier } from './sdk/config';

/** Everything one `configure()` call sets up; a new call replaces it whole. */
export interface Session {
  options: NormalizedOptions;
  verifyPage: () => Promise<void>;
  cardExt: CardExtSource;
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
  session = {
    options: normalized,
    verifyPage: createPageVerifier(normalized),
    cardExt: createCardExtSource(normalized),
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
