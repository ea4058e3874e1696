// A test-local api.weixin.qq.com that answers with WeChat's published answers
// (test/fixtures/wechat-answers) and records what it was sent: for the card-management calls,
// until the stateful stand-in has them, and to pin the request shapes WeChat documents.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createWeChatApi, type WeChatApiOptions } from '../../src/server';
import { APP_ID, APP_SECRET, simulatedClock } from './fixtures';

export interface PublishedAnswer {
  path: string;
  source: string;
  provenance: string;
  answer: Record<string, unknown>;
}

const dir = resolve(import.meta.dirname, '../fixtures/wechat-answers');

/** Every published answer, by file name without `.json`. */
export const publishedAnswers: Record<string, PublishedAnswer> = Object.fromEntries(
  readdirSync(dir)
    // standin-*.json: the stand-in helper's set (same sources, without `path`), read by its own tests.
    .filter((file) => file.endsWith('.json') && !file.startsWith('standin-'))
    .map((file) => [file.slice(0, -5), JSON.parse(readFileSync(join(dir, file), 'utf8')) as PublishedAnswer]),
);

export interface SentRequest {
  path: string;
  query: Record<string, string>;
  method: string;
  /** The parsed JSON body, or the FormData of a multipart one. */
  body: unknown;
}

/**
 * `answers` maps an API path to the answer names to give, in turn (the last one repeats);
 * unlisted paths answer with the published success answer for the path.
 */
export function publishedWeChat(answers: Record<string, string[]> = {}) {
  const sent: SentRequest[] = [];
  const successFor = new Map(Object.values(publishedAnswers).filter((entry) => entry.answer.errcode === undefined || entry.answer.errcode === 0).map((entry) => [entry.path, entry.answer]));
  const turns = new Map<string, number>();
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const path = url.pathname.slice(1);
    const query = Object.fromEntries(url.searchParams);
    let body: unknown;
    if (init?.body instanceof FormData) body = init.body;
    else if (typeof init?.body === 'string') body = JSON.parse(init.body);
    sent.push({ path, query, method: init?.method ?? 'GET', body });
    if (path === 'cgi-bin/stable_token') return Response.json({ access_token: 'TOKEN-1', expires_in: 7200 });
    if (path === 'cgi-bin/ticket/getticket') return Response.json({ errcode: 0, errmsg: 'ok', ticket: 'TICKET', expires_in: 7200 });
    const names = answers[path];
    if (names) {
      const turn = turns.get(path) ?? 0;
      turns.set(path, turn + 1);
      const name = names[Math.min(turn, names.length - 1)]!;
      const answer = name === 'busy' ? { errcode: -1, errmsg: 'system error' } : name === 'token' ? { errcode: 40001, errmsg: 'invalid credential' } : publishedAnswers[name]!.answer;
      return Response.json(answer);
    }
    const answer = successFor.get(path);
    return answer ? Response.json(answer) : Response.json({ errcode: 40066, errmsg: 'invalid url' });
  };
  const clock = simulatedClock(Date.UTC(2025, 0, 6, 1, 0, 0));
  const makeApi = (extra: Partial<WeChatApiOptions> = {}) => createWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, fetch, clock: clock.now, busyRetryDelayMs: 1, ...extra });
  /** The requests to `path`, in order. */
  const to = (path: string) => sent.filter((request) => request.path === path);
  return { fetch, sent, to, clock, api: makeApi(), makeApi };
}
