// @vitest-environment happy-dom
// The browser part's fault matrix: each public call × each fault, through the real
// weixin-js-sdk against the simulator. In every cell the promise settles within its budget
// with the documented outcome, and then, the fault cleared, the same call on the same page
// (no reload) succeeds.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CouponErrorCode } from '../src/errors/CouponError';
import type { SimulatorOptions, WeChatSimulator } from '../src/simulator';
import { APP_ID, closePage, openPage, UA, type Lib } from './helpers/browserPage';
import { serveMerchant, type Fault, type MerchantServer, type Route } from './helpers/merchantServer';

/** timeoutMs: the network, the SDK and WeChat's verification may each take this long. */
const TIMEOUT_MS = 300;
/** interactionTimeoutMs: how long WeChat's sheet may stay open. Not TIMEOUT_MS, to tell them apart. */
const INTERACTION_MS = 450;
/**
 * What the other, healthy stages of a call may add on a busy two-core machine. A bound that
 * proves the promise settles, not a speed test.
 */
const MARGIN_MS = 500;

const CARD = 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc';
const CODE = '110201201245';
const LANDING = '/landing?from=poster';
const STEP = '/step/2';
const MOVED = '/moved/route';

type CallName = 'ready' | 'addToCardsAndOffers' | 'chooseCard' | 'openCard';
type Hook = 'getSignature' | 'getCardExt' | 'getCardSign';

interface CallSpec {
  /** The bridge call the SDK makes for it. */
  bridgeName: string;
  /** The merchant endpoint it needs (openCard and ready need only the signature). */
  route: Route;
  /** The transport hook that can stand in for that endpoint. */
  hook: Hook;
  run(lib: Lib): Promise<unknown>;
  expectSuccess(result: unknown): void;
  /** A client reply to `bridgeName` whose fields weixin-js-sdk or wx-coupon cannot read. */
  unreadableReply: Record<string, unknown>;
}

const CALLS: Record<CallName, CallSpec> = {
  ready: {
    bridgeName: 'preVerifyJSAPI',
    route: 'signature',
    hook: 'getSignature',
    run: (lib) => lib.ready(),
    expectSuccess: (result) => expect(result).toBeUndefined(),
    unreadableReply: { err_msg: 42 },
  },
  addToCardsAndOffers: {
    bridgeName: 'batchAddCard',
    route: 'card-ext',
    hook: 'getCardExt',
    run: (lib) => lib.addToCardsAndOffers({ cardId: CARD }),
    expectSuccess: (result) => expect(result).toEqual([{ cardId: CARD, isSuccess: true, code: expect.any(String), cardExt: expect.stringContaining('"signature"') }]),
    unreadableReply: { err_msg: 'batch_add_card:ok', card_list: '<html>502 Bad Gateway</html>' },
  },
  chooseCard: {
    bridgeName: 'chooseCard',
    route: 'card-sign',
    hook: 'getCardSign',
    run: (lib) => lib.chooseCard({ cardId: CARD }),
    expectSuccess: (result) => expect(result).toEqual([{ cardId: CARD, encryptCode: expect.any(String) }]),
    unreadableReply: { err_msg: 'choose_card:ok', choose_card_info: '[{"card_id":42}]' },
  },
  openCard: {
    bridgeName: 'batchViewCard',
    route: 'signature',
    hook: 'getSignature',
    run: (lib) => lib.openCard([{ cardId: CARD, code: CODE }]),
    expectSuccess: (result) => expect(result).toBeUndefined(),
    unreadableReply: { err_msg: 42 },
  },
};

/** A client reply that never comes. */
const DROP = Symbol('drop');

/** One open page with its simulator, merchant server and the faults the test can flip. */
interface Cell {
  call: CallSpec;
  lib: Lib;
  sim: WeChatSimulator;
  server: MerchantServer;
  /** What the client does to one bridge call: drop its reply, answer this instead, or throw. */
  tamper?: { name: string; reply: unknown } | { name: string; throws: true };
  /** The merchant's transport hook throws while this is set. */
  hookThrows: boolean;
  /** Navigate (pushState) when the next signature request arrives. */
  navigateOnSignature: boolean;
  /** The page's own error reports (window.reportError). */
  reported: unknown[];
  verifiedAfterFault?: number;
}

interface FaultSpec {
  simulator?: Partial<SimulatorOptions>;
  /** Configure with the call's transport hook instead of its endpoint URL. */
  useHook?: boolean;
  /** Sets the fault up on the open, configured page, before the call. */
  arm?(cell: Cell): void | Promise<void>;
  clear?(cell: Cell): void;
  /** The `request` a CouponError of this fault names. */
  request?(call: CallSpec): unknown;
  /** More checks once the call settled, and once more after the later call. */
  afterFault?(cell: Cell): void;
  afterRecovery?(cell: Cell): void;
}

type BridgeInvoke = (name: string, args: Record<string, unknown>, callback?: (reply: unknown) => void) => void;

const bridgeOf = () => (window as unknown as { WeixinJSBridge?: { invoke: BridgeInvoke } }).WeixinJSBridge;

/** Puts the test between weixin-js-sdk and the simulated client, before wx-coupon looks at the bridge. */
async function tamperWithBridge(cell: Cell): Promise<void> {
  await vi.waitFor(() => expect(bridgeOf()).toBeDefined());
  const bridge = bridgeOf()!;
  const client = bridge.invoke;
  bridge.invoke = (name, args, callback) => {
    const tamper = cell.tamper?.name === name ? cell.tamper : undefined;
    if (!tamper) return client(name, args, callback);
    if ('throws' in tamper) throw new Error(`WeixinJSBridge.invoke("${name}") crashed`);
    // The client handles the call; what comes back is lost or garbled.
    client(name, args, () => {
      if (tamper.reply !== DROP) callback?.(tamper.reply);
    });
  };
}

const bridgeFault = (tamper: (call: CallSpec) => NonNullable<Cell['tamper']>, request: (call: CallSpec) => string): FaultSpec => ({
  arm: async (cell) => {
    await tamperWithBridge(cell);
    cell.tamper = tamper(cell.call);
  },
  clear: (cell) => {
    cell.tamper = undefined;
  },
  request,
});

const endpointFault = (fault: Fault): FaultSpec => ({
  arm: (cell) => cell.server.setFault(cell.call.route, fault),
  clear: (cell) => cell.server.setFault(cell.call.route, undefined),
  request: (call) => expect.stringContaining(`/api/wx/${call.route}`),
});

const signedUrls = (cell: Cell) => cell.server.requests.filter((r) => r.route === 'signature').map((r) => new URL(r.url).searchParams.get('url'));
const verifications = (cell: Cell) => cell.sim.calls.filter((c) => c.name === 'preVerifyJSAPI').length;

const FAULTS = {
  /** Inside a WeChat user agent, but WeixinJSBridge never appears (until cleared). */
  'bridge absent': {
    simulator: { bridgeDelayMs: null },
    arm: () => expect(bridgeOf()).toBeUndefined(),
    clear: (cell) => cell.sim.injectBridge(),
    request: () => 'WeixinJSBridgeReady',
    afterFault: (cell) => expect(cell.sim.calls).toEqual([]),
  },
  /** The bridge turns up late, but within timeoutMs. */
  'bridge late': {
    simulator: { bridgeDelayMs: TIMEOUT_MS / 2 },
    arm: () => expect(bridgeOf()).toBeUndefined(),
  },
  /** The client never answers the call's own bridge call. */
  'reply dropped': bridgeFault((call) => ({ name: call.bridgeName, reply: DROP }), (call) => call.bridgeName),
  'reply not an object': bridgeFault((call) => ({ name: call.bridgeName, reply: null }), (call) => call.bridgeName),
  'reply with unreadable fields': bridgeFault((call) => ({ name: call.bridgeName, reply: call.unreadableReply }), (call) => call.bridgeName),
  /** Every card call verifies the page first: the same faults on wx.config's reply. */
  'wx.config reply dropped': bridgeFault(() => ({ name: 'preVerifyJSAPI', reply: DROP }), () => 'preVerifyJSAPI'),
  'wx.config reply a string': bridgeFault(() => ({ name: 'preVerifyJSAPI', reply: 'preVerifyJSAPI:ok' }), () => 'preVerifyJSAPI'),
  /** WeixinJSBridge.invoke itself throws (a broken client or a page's broken stand-in). */
  'bridge invoke throws': bridgeFault((call) => ({ name: call.bridgeName, throws: true }), (call) => call.bridgeName),
  /** The merchant's own transport hook (getSignature / getCardExt / getCardSign) throws. */
  'transport hook throws': {
    useHook: true,
    arm: (cell) => void (cell.hookThrows = true),
    clear: (cell) => void (cell.hookThrows = false),
    request: (call) => `${call.hook}()`,
  },
  /**
   * The page's own wx.ready callback (same weixin-js-sdk) throws inside the SDK's handling
   * of the verification reply: our call still gets the real outcome, and the page's error
   * still reaches window.onerror (reportError), not swallowed.
   */
  'page callback throws': {
    arm: async (cell) => {
      const wx = (await import('weixin-js-sdk')).default as unknown as { ready(fn: () => void): void };
      wx.ready(() => {
        throw new Error('the page’s wx.ready callback is broken');
      });
      expect(cell.reported).toEqual([]);
    },
    afterFault: (cell) => expect(cell.reported).toContainEqual(expect.objectContaining({ message: 'the page’s wx.ready callback is broken' })),
  },
  'endpoint 4xx': endpointFault('http403'),
  'endpoint 5xx': endpointFault('http500'),
  'endpoint junk': endpointFault('junk'),
  'endpoint slow': endpointFault('slow'),
  'endpoint offline': endpointFault('network'),
  /**
   * An SPA navigates (pushState) while the first signature request is in flight: the page
   * ends up verified for the URL it moved to (WeChat on Android checks the current URL), so
   * the next call there needs no new verification.
   */
  'URL changed mid-flight': {
    arm: (cell) => void (cell.navigateOnSignature = true),
    afterFault: (cell) => {
      expect(location.pathname).toBe(MOVED);
      expect(signedUrls(cell).at(-1)).toBe(`${location.origin}${MOVED}`);
      expect(cell.sim.calls.filter((c) => c.name === 'preVerifyJSAPI').at(-1)?.reply?.err_msg).toBe('preVerifyJSAPI:ok');
      cell.verifiedAfterFault = verifications(cell);
    },
    afterRecovery: (cell) => expect(verifications(cell)).toBe(cell.verifiedAfterFault),
  },
  /**
   * The same once the page is verified and the SPA has moved on to another route: WeChat
   * rejects the signature for the route the request was for, and wx-coupon follows the page
   * to where it is now rather than failing (or retrying only the landing URL).
   */
  'URL changed mid-flight (2nd route)': {
    arm: async (cell) => {
      await cell.lib.ready();
      history.pushState(null, '', STEP);
      cell.navigateOnSignature = true;
    },
    afterFault: (cell) => {
      expect(signedUrls(cell)).toEqual([LANDING, STEP, MOVED].map((path) => `${location.origin}${path}`));
      expect(cell.sim.calls.filter((c) => c.name === 'preVerifyJSAPI').map((c) => c.reply?.err_msg)).toEqual(['preVerifyJSAPI:ok', 'preVerifyJSAPI:fail_invalid signature', 'preVerifyJSAPI:ok']);
    },
    afterRecovery: (cell) => expect(verifications(cell)).toBe(3),
  },
  /** On iOS, which verifies against the URL the page was loaded with: one verification. */
  'URL changed mid-flight (iOS)': {
    simulator: { userAgent: UA.iphone() },
    arm: (cell) => void (cell.navigateOnSignature = true),
    afterFault: (cell) => expect(signedUrls(cell)).toEqual([`${location.origin}${LANDING}`]),
    afterRecovery: (cell) => expect(verifications(cell)).toBe(1),
  },
} satisfies Record<string, FaultSpec>;

type FaultName = keyof typeof FAULTS;

/** 'ok', or the CouponError code; "TIMEOUT (sheet)" is a TIMEOUT after interactionTimeoutMs. */
type Expected = 'ok' | CouponErrorCode | 'TIMEOUT (sheet)';

// The matrix. Columns are the four calls; each row a fault.
// prettier-ignore
const MATRIX: Record<FaultName, [ready: Expected, addToCardsAndOffers: Expected, chooseCard: Expected, openCard: Expected]> = {
  'bridge absent':                      ['TIMEOUT',          'TIMEOUT',          'TIMEOUT',          'TIMEOUT'],
  'bridge late':                        ['ok',               'ok',               'ok',               'ok'],
  'reply dropped':                      ['TIMEOUT',          'TIMEOUT (sheet)',  'TIMEOUT (sheet)',  'TIMEOUT (sheet)'],
  'reply not an object':                ['INVALID_RESPONSE', 'INVALID_RESPONSE', 'INVALID_RESPONSE', 'INVALID_RESPONSE'],
  'reply with unreadable fields':       ['INVALID_RESPONSE', 'INVALID_RESPONSE', 'INVALID_RESPONSE', 'INVALID_RESPONSE'],
  'wx.config reply dropped':            ['TIMEOUT',          'TIMEOUT',          'TIMEOUT',          'TIMEOUT'],
  'wx.config reply a string':           ['INVALID_RESPONSE', 'INVALID_RESPONSE', 'INVALID_RESPONSE', 'INVALID_RESPONSE'],
  'bridge invoke throws':               ['CONFIG_FAILED',    'WECHAT_FAIL',      'WECHAT_FAIL',      'WECHAT_FAIL'],
  'transport hook throws':              ['SIGNATURE_FAILED', 'CARD_EXT_FAILED',  'SIGNATURE_FAILED', 'SIGNATURE_FAILED'],
  'page callback throws':               ['ok',               'ok',               'ok',               'ok'],
  'endpoint 4xx':                       ['SIGNATURE_FAILED', 'CARD_EXT_FAILED',  'SIGNATURE_FAILED', 'SIGNATURE_FAILED'],
  'endpoint 5xx':                       ['SIGNATURE_FAILED', 'CARD_EXT_FAILED',  'SIGNATURE_FAILED', 'SIGNATURE_FAILED'],
  'endpoint junk':                      ['SIGNATURE_FAILED', 'CARD_EXT_FAILED',  'SIGNATURE_FAILED', 'SIGNATURE_FAILED'],
  'endpoint slow':                      ['TIMEOUT',          'TIMEOUT',          'TIMEOUT',          'TIMEOUT'],
  'endpoint offline':                   ['SIGNATURE_FAILED', 'CARD_EXT_FAILED',  'SIGNATURE_FAILED', 'SIGNATURE_FAILED'],
  'URL changed mid-flight':             ['ok',               'ok',               'ok',               'ok'],
  'URL changed mid-flight (2nd route)': ['ok',               'ok',               'ok',               'ok'],
  'URL changed mid-flight (iOS)':       ['ok',               'ok',               'ok',               'ok'],
};

const CALL_NAMES = Object.keys(CALLS) as CallName[];

async function openCell(callName: CallName, fault: FaultSpec): Promise<Cell> {
  const { lib, sim } = await openPage(LANDING, { cards: [{ cardId: CARD, code: CODE }], ...fault.simulator });
  const reported: unknown[] = [];
  vi.stubGlobal('reportError', (error: unknown) => void reported.push(error));
  const cell = { call: CALLS[callName], lib, sim: sim!, hookThrows: false, navigateOnSignature: false, reported } as Cell;
  cell.server = serveMerchant({
    slowMs: TIMEOUT_MS * 4,
    onRequest: (request) => {
      if (request.route !== 'signature' || !cell.navigateOnSignature) return;
      cell.navigateOnSignature = false;
      history.pushState(null, '', MOVED);
    },
  });
  // The merchant's own transport, which breaks while `hookThrows` is set.
  const viaServer = async (path: string, init?: RequestInit) => {
    if (cell.hookThrows) throw new Error('the merchant’s transport is broken');
    return (await fetch(path, init)).json();
  };
  const post = (body: object): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const hook: Record<Hook, object> = {
    getSignature: { getSignature: (url: string) => viaServer(`/api/wx/signature?url=${encodeURIComponent(url)}`) },
    getCardExt: { getCardExt: async (card: object) => (await viaServer('/api/wx/card-ext', post(card))).cardExt },
    getCardSign: { getCardSign: (filter: object) => viaServer('/api/wx/card-sign', post(filter)) },
  };
  lib.configure({
    appId: APP_ID,
    signatureUrl: '/api/wx/signature',
    cardExtUrl: '/api/wx/card-ext',
    cardSignUrl: '/api/wx/card-sign',
    ...(fault.useHook ? hook[cell.call.hook] : {}),
    timeoutMs: TIMEOUT_MS,
    interactionTimeoutMs: INTERACTION_MS,
  });
  return cell;
}

type Settled = { value: unknown; error?: undefined; elapsed: number } | { error: unknown; elapsed: number };

/** Runs a call and waits at most `budgetMs` + MARGIN_MS for it: "still pending" fails the cell. */
async function settleWithin(run: () => Promise<unknown>, budgetMs: number): Promise<Settled> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), budgetMs + MARGIN_MS)));
  const outcome = await Promise.race([
    run().then(
      (value) => ({ value }),
      (error: unknown) => ({ error: error ?? new Error('rejected with nothing') }),
    ),
    pending,
  ]);
  clearTimeout(timer);
  if (outcome === 'pending') throw new Error(`still pending ${budgetMs + MARGIN_MS} ms after the call`);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(budgetMs + MARGIN_MS);
  return { ...outcome, elapsed };
}

beforeAll(async () => {
  // Load and transform every module once, so that the first cell's budget is not spent on it.
  const { lib } = await openPage(LANDING, { cards: [{ cardId: CARD, code: CODE }] });
  serveMerchant();
  lib.configure({ appId: APP_ID, signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext', cardSignUrl: '/api/wx/card-sign' });
  await lib.openCard([{ cardId: CARD, code: CODE }]);
  closePage();
});

afterEach(closePage);

describe.each(CALL_NAMES)('%s', (callName) => {
  const column = CALL_NAMES.indexOf(callName);
  it.each(Object.keys(FAULTS) as FaultName[])('%s', async (faultName) => {
    const fault: FaultSpec = FAULTS[faultName];
    const expected = MATRIX[faultName][column]!;
    const cell = await openCell(callName, fault);
    await fault.arm?.(cell);

    const code = expected === 'TIMEOUT (sheet)' ? 'TIMEOUT' : expected;
    const budget = expected === 'TIMEOUT (sheet)' ? INTERACTION_MS : TIMEOUT_MS;
    const first = await settleWithin(() => cell.call.run(cell.lib), budget);
    if (code === 'ok') {
      expect(first.error).toBeUndefined();
      cell.call.expectSuccess((first as { value: unknown }).value);
    } else {
      expect(first.error).toBeInstanceOf(cell.lib.CouponError);
      expect(first.error).toMatchObject({ code, message: expect.stringMatching(/\w/) });
      if (fault.request) expect(first.error).toMatchObject({ request: fault.request(cell.call) });
      // A TIMEOUT waited for the budget it names, not for another one.
      if (code === 'TIMEOUT') expect(first.elapsed).toBeGreaterThanOrEqual(budget - 25);
    }
    fault.afterFault?.(cell);

    fault.clear?.(cell);
    const again = await settleWithin(() => cell.call.run(cell.lib), TIMEOUT_MS);
    expect(again.error).toBeUndefined();
    cell.call.expectSuccess((again as { value: unknown }).value);
    fault.afterRecovery?.(cell);
  });
});
