// media/uploadimg: an image (a card logo, a landing page banner) to WeChat's image host; the
// URL it answers is what card definitions must use. Checked here first, as WeChat would.
import { ImageRejectedError } from '../errors/ImageRejectedError';
import { answerString } from './answer';
import type { AuthorizedCall } from './transport';

export type ImageInput = string | Uint8Array | Blob;

export interface MediaApi {
  /**
   * Upload a JPG or PNG under 1 MB: a file path (Node, Deno, Bun), bytes (a Buffer is a
   * Uint8Array) or a Blob. Throws ImageRejectedError, sending nothing, for anything else.
   */
  uploadImage(file: ImageInput, options?: { filename?: string }): Promise<{ url: string }>;
}

/** media/uploadimg: "上传的图片限制文件大小限制1MB，仅支持JPG、PNG格式". */
export const MAX_IMAGE_BYTES = 1024 * 1024;

type ImageType = { mime: 'image/jpeg'; extension: 'jpg' } | { mime: 'image/png'; extension: 'png' };

/** The type by the first bytes (what the file is, whatever its name says). */
function imageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', extension: 'jpg' };
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((byte, i) => bytes[i] === byte)) return { mime: 'image/png', extension: 'png' };
  return null;
}

async function readPath(path: string): Promise<Uint8Array> {
  // Imported only when a path is given, by a name the bundler leaves alone: wx-coupon/server
  // loads on runtimes without node:fs (Workers), where a path cannot be read anyway.
  const fsModule = 'node:fs/promises';
  try {
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as { readFile(path: string): Promise<Uint8Array> };
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new ImageRejectedError('unreadable', `wx-coupon: media.uploadImage could not read ${JSON.stringify(path)}${typeof code === 'string' ? ` (${code})` : ''}; pass a path to a JPG or PNG file, its bytes or a Blob.`, { cause: error });
  }
}

async function bytesOf(file: ImageInput): Promise<Uint8Array> {
  if (typeof file === 'string') {
    if (file === '') throw new TypeError('wx-coupon: media.uploadImage needs a file path, bytes or a Blob.');
    return readPath(file);
  }
  if (file instanceof Uint8Array) return file;
  if (typeof Blob !== 'undefined' && file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  throw new TypeError('wx-coupon: media.uploadImage needs a file path, bytes (Uint8Array or Buffer) or a Blob.');
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? '';
}

export function createMediaApi(call: AuthorizedCall, onUploaded: (url: string) => void = () => {}): MediaApi {
  return {
    async uploadImage(file, options = {}) {
      const bytes = await bytesOf(file);
      const described = typeof file === 'string' ? JSON.stringify(file) : 'the image';
      if (bytes.length === 0) throw new ImageRejectedError('size', `wx-coupon: ${described} is empty.`);
      if (bytes.length >= MAX_IMAGE_BYTES) {
        throw new ImageRejectedError('size', `wx-coupon: ${described} is ${bytes.length} bytes; WeChat takes images under 1 MB (${MAX_IMAGE_BYTES} bytes). Make it smaller (300×300 px is enough for a logo).`);
      }
      const type = imageType(bytes);
      if (!type) throw new ImageRejectedError('type', `wx-coupon: ${described} is not a JPG or PNG (by its first bytes); WeChat takes only those. Convert it first.`);
      const given = options.filename ?? (typeof file === 'string' ? baseName(file) : typeof File !== 'undefined' && file instanceof File ? file.name : '');
      // WeChat goes by the name's extension as well: keep it in line with what the bytes are.
      const stem = given.replace(/\.[^.]*$/, '') || 'image';
      const form = new FormData();
      form.append('buffer', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: type.mime }), `${stem}.${type.extension}`);
      const path = 'cgi-bin/media/uploadimg';
      // Retried on "busy": a second upload of the same image only leaves one more copy on WeChat's host.
      const url = answerString(await call(path, form), 'url', path);
      onUploaded(url);
      return { url };
    },
  };
}
