// createWeChatApi's timing options, checked at start-up. A NaN or a string slips through `??`
// and then fails quietly: a NaN timeout fires at once, a NaN or negative margin makes every
// cached value look expired (a fetch per request) or serves values past WeChat's expiry, and a
// clockSkewMs at or above refreshAheadMs stops using a value before anyone refreshed it. Better
// a TypeError when the server starts than a quota burnt or a ticket signed after it expired.

export interface TimingOptions {
  timeoutMs: number;
  refreshAheadMs: number;
  clockSkewMs: number;
}

const DEFAULTS: TimingOptions = { timeoutMs: 5000, refreshAheadMs: 5 * 60_000, clockSkewMs: 2 * 60_000 };
const DEFAULT_TEXT: Record<keyof TimingOptions, string> = { timeoutMs: '5000 ms', refreshAheadMs: '5 minutes', clockSkewMs: '2 minutes' };

function milliseconds(name: keyof TimingOptions, value: unknown, least: 'above 0' | 'at least 0'): number {
  if (value === undefined) return DEFAULTS[name];
  const inRange = typeof value === 'number' && Number.isFinite(value) && (least === 'above 0' ? value > 0 : value >= 0);
  if (!inRange) {
    const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
    throw new TypeError(
      `wx-coupon: createWeChatApi's ${name} must be a finite number of milliseconds, ${least} (got ${got}); leave it out for the default of ${DEFAULT_TEXT[name]}.`,
    );
  }
  return value;
}

/** The options with their defaults; a TypeError naming the option when one is out of range. */
export function timingOptions(options: Partial<Record<keyof TimingOptions, unknown>>): TimingOptions {
  const timeoutMs = milliseconds('timeoutMs', options.timeoutMs, 'above 0');
  const refreshAheadMs = milliseconds('refreshAheadMs', options.refreshAheadMs, 'at least 0');
  const clockSkewMs = milliseconds('clockSkewMs', options.clockSkewMs, 'at least 0');
  if (clockSkewMs >= refreshAheadMs) {
    const describe = (name: keyof TimingOptions, value: number) => `${value}${options[name] === undefined ? ', the default' : ''}`;
    throw new TypeError(
      `wx-coupon: createWeChatApi's clockSkewMs (${describe('clockSkewMs', clockSkewMs)}) must be below refreshAheadMs (${describe('refreshAheadMs', refreshAheadMs)}): ` +
        'a token or ticket stops being used clockSkewMs before it expires, so the refresh has to start earlier. Raise refreshAheadMs or lower clockSkewMs.',
    );
  }
  return { timeoutMs, refreshAheadMs, clockSkewMs };
}
