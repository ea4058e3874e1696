import type { Engine } from '../engine';
import { detectWeChat } from '../env/detect';
import { CouponError } from '../errors/CouponError';
import { singleFlight, type SingleFlight } from '../utils/singleFlight';
import { pageModules } from './engineModules';
import { loadEngine } from './loadEngine';
import { normalizeOptions, type CouponOptions, type NormalizedOptions } from './options';
import { currentPageUrl, signatureUrlCandidates } from './pageUrl';
import { createTransport, dropUnspeculative, type PageTransport } from './transport';

/**
 * Everything one `configure()` call sets up, and the page's only configuration state: a new
 * call replaces it whole (its transport, what was fetched ahead, its engine, its warmed-up
 * URL). What outlives it belongs to the page's one weixin-js-sdk and bridge
 * (src/engine/loadSdk.ts, bridge.ts), which keep their state whatever we are told.
 */
export interface Session {
  options: NormalizedOptions;
  transport: PageTransport;
  /**
   * The engine for these options, loaded on first use. `verifies`: the caller verifies the
   * page as soon as it arrives, so the signature request goes out now, beside it.
   */
  engine(verifies?: boolean): Promise<Engine>;
  /** Whether the engine is here: requests started ahead from now on would only race it. */
  engineLoaded(): boolean;
  /** One in-flight card call per key: a double tap shares one bridge call. */
  singleFlight: SingleFlight;
  /** The page URL buttons last warmed up (verified ahead of their tap), so re-renders do not ask again. */
  warmedUrl?: string;
  /** The buttons warmed up (verified and prefetched for) under these options. */
  warmed: WeakSet<Element>;
}

let session: Session | undefined;

function createSession(options: NormalizedOptions, readsEmbedded: boolean): Session {
  const ios = detectWeChat().os === 'ios';
  const urlAtConfigure = currentPageUrl();
  const transport = createTransport(options, readsEmbedded);
  let engine: Promise<Engine> | undefined;
  let loaded = false;
  return {
    options,
    transport,
    engine(verifies) {
      // The engine arrives in its own download; the signature it will ask for first goes out beside it.
      if (verifies && !loaded) {
        const url = signatureUrlCandidates(urlAtConfigure, ios)[0];
        if (url) transport.signatures.ahead(url);
      }
      engine ??= loadEngine(options.timeoutMs).then(
        (module) => {
          loaded = true;
          // What the callers waiting for the engine do not take at once (they take theirs in
          // this same turn) could only go stale.
          setTimeout(() => dropUnspeculative(transport));
          // Configured where there was no location (SSR): the page URL now stands for the landing URL.
          const landing = urlAtConfigure || currentPageUrl();
          return module.createEngine({
            options,
            transport,
            page: { url: currentPageUrl, signatureUrls: () => signatureUrlCandidates(landing, ios) },
            modules: pageModules,
          });
        },
        (error: unknown) => {
          engine = undefined;
          dropUnspeculative(transport);
          throw error;
        },
      );
      return engine;
    },
    engineLoaded: () => loaded,
    singleFlight: singleFlight(),
    warmed: new WeakSet(),
  };
}

/**
 * Sets wx-coupon up for this page. Nothing is fetched or loaded here (it reads what the
 * server embedded in the page, `#wx-coupon-config`, if anything); the first card call (or
 * `ready()`) verifies the page with WeChat. A second call replaces the first whole.
 * Throws CouponError INVALID_ARGUMENT for options that cannot work (and keeps the last good ones).
 */
export function configure(options: CouponOptions): void {
  // What the server embedded in the page is for the page's first configure() only: a later
  // one would hand over card_exts the first may have spent (WeChat refuses them twice).
  session = createSession(normalizeOptions(options), session === undefined);
}

export function currentSession(): Session | undefined {
  return session;
}

export function requireSession(where: string): Session {
  if (!session) {
    throw new CouponError('INVALID_ARGUMENT', `${where} was called before configure(): call configure({ appId, signatureUrl }) first (or use the script tag’s data-app-id).`);
  }
  return session;
}
