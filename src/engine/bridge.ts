import { CouponError } from '../errors/CouponError';
import { withTimeout } from '../utils/timeout';
import type { WeixinJSBridge } from './sdkTypes';

type BridgeWindow = Window & { WeixinJSBridge?: WeixinJSBridge };
export type BridgeReply = Record<string, unknown>;
type Observer = (name: string, args: Record<string, unknown>, reply: BridgeReply | undefined, error?: unknown) => void;

const observers = new Set<Observer>();
const WRAPPED = Symbol.for('wx-coupon.bridge-observed');

function bridge(): WeixinJSBridge | undefined {
  return typeof window === 'undefined' ? undefined : (window as BridgeWindow).WeixinJSBridge;
}

/**
 * Resolves with WeChat's bridge once it exists. weixin-js-sdk silently drops every call
 * made without one, so waiting here, with a timeout, is what makes our promises settle.
 */
export function waitForBridge(timeoutMs: number): Promise<WeixinJSBridge> {
  const present = bridge();
  if (present) return Promise.resolve(observe(present));
  let onReady: () => void = () => undefined;
  const arrived = new Promise<WeixinJSBridge>((resolve) => {
    onReady = () => {
      const injected = bridge();
      if (injected) resolve(observe(injected));
    };
    document.addEventListener('WeixinJSBridgeReady', onReady);
  });
  return withTimeout(
    arrived,
    timeoutMs,
    () =>
      new CouponError('TIMEOUT', `WeChat’s JS bridge (WeixinJSBridge) did not arrive within ${timeoutMs} ms. The page may not be running in the WeChat app, or the app did not finish loading it.`, {
        request: 'WeixinJSBridgeReady',
      }),
  ).finally(() => document.removeEventListener('WeixinJSBridgeReady', onReady));
}

/**
 * Interposes on `WeixinJSBridge.invoke` so that we see each raw reply before the SDK does.
 * This is how `ready()` learns the real outcome of `wx.config`: from WeChat 10 on, the SDK
 * compares versions as strings and never registers `wx.error`, so a failed verification
 * looks like success. It also catches the SDK throwing while it parses a reply, which
 * would otherwise leave the caller's promise pending.
 */
function observe(target: WeixinJSBridge): WeixinJSBridge {
  const invoke = target.invoke as WeixinJSBridge['invoke'] & { [WRAPPED]?: true };
  if (invoke[WRAPPED]) return target;
  const observed: typeof invoke = function (this: unknown, name, args, callback) {
    return invoke.call(this, name, args, (reply) => {
      notify(name, args, reply);
      try {
        if (callback) callback(reply);
      } catch (error) {
        notify(name, args, reply, error);
        reportPageError(error);
      }
    });
  };
  observed[WRAPPED] = true;
  try {
    target.invoke = observed;
  } catch {
    // A frozen bridge object: put an observed stand-in in its place (the SDK looks up
    // window.WeixinJSBridge on every call).
    try {
      (window as BridgeWindow).WeixinJSBridge = Object.create(target, { invoke: { value: observed } }) as WeixinJSBridge;
      return (window as BridgeWindow).WeixinJSBridge as WeixinJSBridge;
    } catch {
      // Neither: we can only go by what the SDK reports (see isBridgeObserved).
    }
  }
  return target;
}

/**
 * Not ours to swallow: an error thrown in the SDK's handling of a reply (the page's own
 * wx.ready callback, say) still reaches window.onerror — at once where `reportError`
 * exists, from a fresh task in older WebViews.
 */
function reportPageError(error: unknown): void {
  if (typeof reportError === 'function') {
    reportError(error);
    return;
  }
  setTimeout(() => {
    throw error;
  });
}

function notify(name: string, args: Record<string, unknown>, reply: BridgeReply | undefined, error?: unknown): void {
  for (const observer of [...observers]) observer(name, args, reply, error);
}

/**
 * Calls `observer` for each reply to bridge call `name`, with the arguments of the call it
 * answers, until the returned function is called.
 */
export function onBridgeReply(name: string, observer: (reply: BridgeReply | undefined, args: Record<string, unknown>, error?: unknown) => void): () => void {
  const filtered: Observer = (replyName, args, reply, error) => {
    if (replyName === name) observer(reply, args, error);
  };
  observers.add(filtered);
  return () => observers.delete(filtered);
}

/** Whether our observer sits on the bridge (false only for a frozen bridge object). */
export function isBridgeObserved(): boolean {
  const present = bridge();
  return Boolean(present && (present.invoke as { [WRAPPED]?: true })[WRAPPED]);
}
