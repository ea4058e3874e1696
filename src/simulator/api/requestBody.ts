// Reading a request body the way WeChat refuses bad ones: JSON (64 KB) as 47001, a multipart
// upload over the cap as 40009.
import { HttpError } from '../../server/errors/HttpError';
import { readJsonObject } from '../../server/http/json';
import { WeChatError } from './errcodes';
import { MAX_UPLOAD_BYTES } from './media';

const MAX_JSON_BYTES = 64 * 1024;

export async function readForm(request: Request): Promise<FormData> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > MAX_UPLOAD_BYTES) throw new WeChatError(40009);
  // Counted while streaming: a chunked upload that announces no length is cut at the cap too.
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > MAX_UPLOAD_BYTES) {
      await reader.cancel().catch(() => {});
      throw new WeChatError(40009);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new WeChatError(41011, 'a multipart/form-data body with the field "buffer"');
  }
}

export async function readJson(request: Request) {
  try {
    return await readJsonObject(request, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof HttpError) throw new WeChatError(47001);
    throw error;
  }
}

