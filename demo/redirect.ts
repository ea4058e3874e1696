// The page WeChat opens from a coupon's custom entry. It needs no SDK and no simulator:
// only readCouponContext (≤ 1 KB) and the server to decrypt.
import { readCouponContext } from '../src/redirect';
import type { DemoCoupon } from './coupons';
import { codePanel } from './lib/redeem';
import { $, h } from './lib/ui';

const context = readCouponContext();
const list = $('#context');
for (const [key, value] of Object.entries(context)) list.append(h('dt', {}, key), h('dd', {}, value ?? '—'));

if (context.encryptCode && context.cardId) {
  // The coupons' ids are what the demo server's card/create answered: ask it.
  const { coupons } = (await (await fetch('/__wx-demo/config')).json()) as { coupons: DemoCoupon[] };
  const title = coupons.find((c) => c.cardId === context.cardId)?.title ?? context.cardId;
  $('#code').append(await codePanel(context.cardId, context.encryptCode, title));
} else {
  $('#code').append(h('p', { class: 'card hint' }, '这个页面由微信打开，地址里带着 encrypt_code 和 card_id。先在领券页领一张券，再点「卡券跳转页」。'));
}
