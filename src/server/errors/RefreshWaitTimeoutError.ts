import { UpstreamTimeoutError } from './UpstreamTimeoutError';

/**
 * A caller with nothing cached waited too long for the process holding the refresh lock. An
 * UpstreamTimeoutError to everyone outside (504), but not a verdict on WeChat: unlike a timed
 * out WeChat call it is not remembered, so the next request looks again at once.
 */
export class RefreshWaitTimeoutError extends UpstreamTimeoutError {
  constructor(name: string, waitedMs: number) {
    super(name, waitedMs, `${name} was not refreshed within ${waitedMs} ms by the process holding the refresh lock`);
  }
}
