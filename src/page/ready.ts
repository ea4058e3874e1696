import { assertCardsSupported } from '../env/gate';
import { requireSession } from './session';

/**
 * Resolves once WeChat has verified this page (`wx.config`) for its current URL, and
 * rejects with the real reason otherwise — also on WeChat 10+, where the SDK's own
 * `wx.error` never fires.
 */
export async function ready(): Promise<void> {
  const session = requireSession('ready()');
  assertCardsSupported();
  await (await session.engine(true)).verifyPage();
}
