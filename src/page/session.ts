import type { Engine } from '../engine';
import { loadEngine } from './loadEngine';
import { detectWeChat } from '../env/detect';
import { CouponError } from '../errors/CouponError';
import { cardExtRequest } from './transport/cardExtRequest';
import { normalizeOptions, type CardRequest, type CouponOptions, type NormalizedOptions } from './options';
import { currentPageUrl, signatureUrlCandidates } from './pageUrl';
import { hasReusableSignature, signatureRequest } from './transport/signatureRequest';
import { createEarlyRequests } from '../utils/earlyRequests';
import { singleFlight, type SingleFlight } from '../utils/singleFlight';
import { embeddedAnswers } from './transport/embedded';
import { pageModules } from './engineModules';

/** Everything one `configure()` call sets up; a new call replaces it whole. */
export interface Session {
  options: NormalizedOptions;
  /**
   * The engine for these options, loaded on first use. `verifies`: the caller verifies the
   * page as soon as it arrives, so the signature request goes out now, beside it.
   */
  engine(verifies?: boolean): Promise<Engine>;
  /** Sends the card_ext requests for these cards now if the engine is still on its way. */
  sendCardExtEarly(cards: CardRequest[]): void;
  /** One in-flight card call per key: a double tap shares one bridge call. */
  singleFlight: SingleFlight;
}

let session: Session | undefined;

/**
 * Sets wx-coupon up for this page. Nothing is fetched or loaded here (it reads what the
 * server embedded in the page, `#wx-coupon-config`, if anything); the first card call (or
 * `ready()`) verifies the page with WeChat.
 * Throws CouponError INVALID_ARGUMENT for options that cannot work.
 */
export function configure(options: CouponOptions): void {
  const normalized = normalizeOptions(options);
  const ios = detectWeChat().os === 'ios';
  const urlAtConfigure = currentPageUrl();
  // The engine arrives in its own download; the requests it will make first go out beside it.
  const early = createEarlyRequests();
  // What the server embedded in the page answers the engine's first requests: no round trip.
  for (const { request, answer } of embeddedAnswers(normalized)) early.start(request, answer);
  let engine: Promise<Engine> | undefined;
  let loaded = false;
  session = {
    options: normalized,
    engine: (verifies) => {
      if (verifies && !loaded) {
        const url = signatureUrlCandidates(urlAtConfigure, ios)[0];
        const signature = url && !hasReusableSignature(normalized.appId, url) ? signatureRequest(normalized, url) : undefined;
        if (signature) early.start(signature);
      }
      engine ??= loadEngine(normalized.timeoutMs).then(
        (module) => {
          loaded = true;
          // Whatever the callers waiting for the engine do not take at once (they take theirs
          // in this same turn) could only go stale.
          setTimeout(early.clear);
          // Configured where there was no location (SSR): the page URL now stands for the landing URL.
          const landing = urlAtConfigure || currentPageUrl();
          return module.createEngine(normalized, {
            request: early.request,
            signatureRequest: (url) => signatureRequest(normalized, url),
            cardExtRequest: (card) => cardExtRequest(normalized, card),
            pageUrl: currentPageUrl,
            signatureUrls: () => signatureUrlCandidates(landing, ios),
            pageModules,
          });
        },
        (error: unknown) => {
          engine = undefined;
          early.clear();
          throw error;
        },
      );
      return engine;
    },
    sendCardExtEarly: (cards) => {
      if (loaded) return; // the engine fetches (and prefetches) card_ext itself
      for (const card of cards) {
        const request = cardExtRequest(normalized, card);
        if (request) early.start(request);
      }
    },
    singleFlight: singleFlight(),
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
