import { isRecord } from '../utils/isRecord';

/**
 * The result part of a WeChat `errMsg`/`err_msg`, normalised the way weixin-js-sdk 1.6.5
 * does it ("batch_add_card:fail_invalid_signature" → "invalid signature",
 * "…:access denied" → "permission denied"), so bridge replies and SDK replies compare alike.
 */
export function resultOf(errMsg: unknown, api?: string): string {
  // Like the SDK: a reply without an err_msg counts as ok.
  if (typeof errMsg !== 'string' || errMsg === '') return 'ok';
  let result = errMsg.slice(errMsg.indexOf(':') + 1);
  if (result === 'confirm') result = 'ok';
  if (result === 'failed') result = 'fail';
  if (result.startsWith('failed_')) result = result.slice(7);
  else if (result.startsWith('fail_')) result = result.slice(5);
  result = result.replace(/_/g, ' ').toLowerCase();
  if (result === 'access denied' || result === 'no permission to execute') result = 'permission denied';
  // The SDK lets a client without the verify call pass config.
  if (api === 'config' && result === 'function not exist') result = 'ok';
  return result || 'fail';
}

/** The errMsg text of a raw bridge reply or an SDK result. */
export function errMsgOf(reply: unknown): string | undefined {
  if (typeof reply !== 'object' || reply === null) return undefined;
  const { errMsg, err_msg } = reply as { errMsg?: unknown; err_msg?: unknown };
  return typeof errMsg === 'string' ? errMsg : typeof err_msg === 'string' ? err_msg : undefined;
}

/**
 * Whether a raw bridge reply has the shape every client sends: an object whose `err_msg`
 * (or `errMsg`), when present, is text. Anything else is no verdict at all, so it must not
 * count as "ok" the way a reply without an err_msg does.
 */
export function isReadableReply(reply: unknown): boolean {
  return isRecord(reply) && [reply.err_msg, reply.errMsg].every((text) => text === undefined || typeof text === 'string');
}
