import { ServerError } from './ServerError';

/** An image for media/uploadimg that WeChat would refuse: nothing was sent. */
export class ImageRejectedError extends ServerError {
  override readonly name = 'ImageRejectedError';
  readonly code = 'image_rejected' as const;
  /** `type`: not a JPG or PNG (by its first bytes); `size`: 1 MB or more, or empty; `unreadable`: the file could not be read. */
  readonly reason: 'type' | 'size' | 'unreadable';

  constructor(reason: 'type' | 'size' | 'unreadable', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
