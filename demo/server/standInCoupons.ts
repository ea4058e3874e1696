// The demo's coupons in the WeChat API stand-in: created at start-up with the ids the pages
// use (DEMO_COUPONS), approved, with a logo uploaded through media/uploadimg, and the
// simulated user already holding one, so the "use a coupon" page has something to choose.
// Plus the /__wx-api/ mount: the stand-in's own pages (QR codes, logos) and the browser
// simulator's /__sim/ routes, served by the dev server.
import { crc32, deflateSync } from 'node:zlib';
import type { WeChatApiStandIn } from 'wx-coupon/simulator/api';
import type { DemoCoupon } from '../coupons.ts';

type StandIn = WeChatApiStandIn;

export const STAND_IN_PREFIX = '/__wx-api';

// WeChat's card colours closest to the demo's own.
const CARD_COLOR: Record<string, string> = { '#07c160': 'Color010', '#fa9d3b': 'Color080' };

/** A 96×96 PNG of one colour: the demo's logo, made here so the demo needs no image file. */
function solidPng(hex: string): Buffer {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const size = 96;
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([length, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(Array(size).fill(row)))), chunk('IEND', Buffer.alloc(0))]);
}

async function uploadLogo(standIn: StandIn, appId: string, appSecret: string, hex: string): Promise<string> {
  const api = 'https://api.weixin.qq.com';
  const token = (await (await standIn.fetch(`${api}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret }) })).json()) as { access_token: string };
  const form = new FormData();
  form.append('buffer', new Blob([new Uint8Array(solidPng(hex))], { type: 'image/png' }), 'logo.png');
  const uploaded = (await (await standIn.fetch(`${api}/cgi-bin/media/uploadimg?access_token=${token.access_token}`, { method: 'POST', body: form })).json()) as { url: string };
  return uploaded.url;
}

export async function seedDemoCoupons(standIn: StandIn, appId: string, appSecret: string, coupons: DemoCoupon[]): Promise<void> {
  for (const coupon of coupons) {
    const logoUrl = await uploadLogo(standIn, appId, appSecret, coupon.color);
    standIn.createCard(
      {
        card_type: 'CASH',
        cash: {
          base_info: {
            logo_url: logoUrl,
            code_type: 'CODE_TYPE_QRCODE',
            brand_name: 'Mellow Coffee',
            title: coupon.title,
            sub_title: coupon.subtitle,
            color: CARD_COLOR[coupon.color] ?? 'Color010',
            notice: '结账时出示券码',
            description: coupon.subtitle,
            sku: { quantity: 10_000 },
            date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 30, fixed_begin_term: 0 },
            get_limit: 1_000,
          },
          least_cost: 0,
          reduce_cost: 500,
        },
      },
      { cardId: coupon.cardId, approved: true },
    );
  }
  if (coupons[0]) standIn.addCard({ cardId: coupons[0].cardId });
}
