// One place that turns what went wrong into an exit code, a message for people (stderr) and,
// in --json mode, the `error` object of the JSON document. WeChat's refusals carry errcode and
// the hint from the errcode table; nothing here ever holds a secret (output.ts scrubs anyway).
import {
  CardValidationError,
  describeErrcode,
  ImageRejectedError,
  StoreTimeoutError,
  StoreUnavailableError,
  UpstreamHttpError,
  UpstreamTimeoutError,
  WeChatApiError,
} from '../server/index';
import { CliInputError } from './errors/CliInputError';
import { EXIT, type ExitCode } from './exitCodes';
import type { Messages } from './messages';
import type { Output } from './output';

export interface FailureReport {
  exitCode: ExitCode;
  /** The `error` member of the --json document. */
  error: Record<string, unknown>;
  /** What people read on stderr. */
  lines: string[];
}

export function describeFailure(error: unknown, messages: Messages, lang: Output['lang'], standInUrl?: string): FailureReport {
  const m = messages.errors;
  if (error instanceof WeChatApiError) {
    const hint = describeErrcode(error.errcode, lang);
    // NewCouponsRefusedError's own message is the explanation (WeChat stopped new 优惠券).
    const explanation = error.code === 'new_coupons_refused' ? [error.message] : [];
    return {
      exitCode: EXIT.refused,
      error: { code: error.code, errcode: error.errcode, errmsg: error.errmsg, path: error.path, hint, message: error.message },
      lines: [m.refused(error.path, error.errcode, error.errmsg), ...explanation, m.hint(hint)],
    };
  }
  if (error instanceof CardValidationError) {
    const errors = error.issues.filter((issue) => issue.severity === 'error');
    return {
      exitCode: EXIT.badInput,
      error: { code: error.code, message: error.message, issues: error.issues },
      lines: [m.invalidCard(errors.length), ...error.issues.map((issue) => `  - ${issue.path}: ${issue.rule} (${JSON.stringify(issue.value) ?? 'missing'})${issue.severity === 'warning' ? ' [warning]' : ''}`)],
    };
  }
  if (error instanceof ImageRejectedError) {
    return { exitCode: EXIT.badInput, error: { code: error.code, reason: error.reason, message: error.message }, lines: [m.image(error.message)] };
  }
  if (error instanceof CliInputError) {
    return { exitCode: EXIT.badInput, error: { code: error.code, message: error.message, details: error.details }, lines: [error.message, ...error.details.map((line) => `  ${line}`)] };
  }
  // The API's own argument checks (an empty code, a delta of 0…) are TypeErrors: bad input too.
  if (error instanceof TypeError && error.message.startsWith('wx-coupon:')) {
    return { exitCode: EXIT.badInput, error: { code: 'bad_input', message: error.message }, lines: [error.message] };
  }
  if (error instanceof UpstreamHttpError || error instanceof UpstreamTimeoutError || error instanceof StoreUnavailableError || error instanceof StoreTimeoutError) {
    const lines = [m.unreachable(error.message)];
    if (standInUrl) lines.push(m.unreachableStandIn(standInUrl));
    return { exitCode: EXIT.unreachable, error: { code: error.code, message: error.message }, lines };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.unreachable, error: { code: 'unexpected', message }, lines: [m.unexpected(message)] };
}
