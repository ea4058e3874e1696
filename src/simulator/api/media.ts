// media/uploadimg: the logo upload (multipart field `buffer`, jpg or png, at most 1 MB),
// answered like WeChat with a URL on its image host, and the image served back from
// /__sim/media/<id> so the simulator can show it.
// https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Create_a_Coupon_Voucher_or_Card.html (上传图片接口)
import { randomBytes } from 'node:crypto';
import { WeChatError } from './errcodes';

const MAX_IMAGE_BYTES = 1024 * 1024;
// Multipart framing around a 1 MB image stays well under this.
export const MAX_UPLOAD_BYTES = MAX_IMAGE_BYTES + 64 * 1024;
const IMAGE_HOST = 'http://mmbiz.qpic.cn';

interface StoredImage {
  type: 'image/png' | 'image/jpeg';
  bytes: Uint8Array<ArrayBuffer>;
}

function imageType(bytes: Uint8Array): StoredImage['type'] | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

export type MediaStore = ReturnType<typeof createMediaStore>;

export function createMediaStore() {
  let images = new Map<string, StoredImage>();

  async function upload(form: FormData) {
    const file = form.get('buffer');
    if (file === null || typeof file === 'string') throw new WeChatError(41011, 'the multipart field "buffer" with the image');
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length > MAX_IMAGE_BYTES) throw new WeChatError(40009, `${bytes.length} bytes, at most ${MAX_IMAGE_BYTES}`);
    const type = imageType(bytes);
    if (!type) throw new WeChatError(40005, 'only jpg and png');
    const id = randomBytes(48).toString('base64url');
    images.set(id, { type, bytes });
    return { url: `${IMAGE_HOST}/${type === 'image/png' ? 'mmbiz_png' : 'mmbiz_jpg'}/${id}/0` };
  }

  /** The id of an image uploaded here, from its mmbiz URL. */
  const idOf = (url: string) => /^http:\/\/mmbiz\.qpic\.cn\/mmbiz_(?:png|jpg)\/([\w-]+)\/0$/.exec(url)?.[1];

  return {
    upload,
    image: (id: string) => images.get(id),
    /** Where a browser can load an uploaded logo: a path from the stand-in's root; other URLs as they are. */
    servable: (url: string) => {
      const id = idOf(url);
      return id && images.has(id) ? `__sim/media/${id}` : url;
    },
    reset() {
      images = new Map();
    },
  };
}
