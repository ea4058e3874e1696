// The request body with a byte cap, enforced while streaming: a client that lies in (or omits)
// content-length still cannot make us buffer more than `maxBytes`. Shared by every handler
// that reads a body (the coupon handler's JSON, the card event receiver's XML).
import { HttpError } from '../errors/HttpError';

/** The body's bytes; `tooLarge()` is thrown past `maxBytes`, a 400 HttpError when the body cannot be read. */
export async function readBodyBytes(request: Request, maxBytes: number, tooLarge: () => HttpError): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBytes) throw tooLarge();

  const bytes = new Uint8Array(maxBytes);
  let length = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (length + value.byteLength > maxBytes) {
          await reader.cancel().catch(() => {});
          throw tooLarge();
        }
        bytes.set(value, length);
        length += value.byteLength;
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'bad_request', 'The request body could not be read.');
    }
  }
  return bytes.subarray(0, length);
}
