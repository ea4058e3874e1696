import { bindButtons, detectWeChat, showFallback, userMessage, type AddedCard, type CouponEventDetail } from '../src';
import { boot } from './lib/boot';
import { $, couponCard, h, toast } from './lib/ui';

const lang = new URLSearchParams(location.search).get('lang') ?? undefined;
const demo = await boot();

const list = $('#coupons');
for (const coupon of demo.coupons) {
  list.append(couponCard(coupon, h('button', { class: 'btn', type: 'button', 'data-wx-add-card': coupon.cardId, 'data-outer-str': 'landing' }, '领取到卡包')));
}
const addAll = $('#add-all');
addAll.append(
  ...demo.coupons.map((coupon) => h('input', { type: 'hidden', name: 'card_id', value: coupon.cardId })),
  h('button', { class: 'btn btn--ghost', type: 'submit' }, `一键领取全部 ${demo.coupons.length} 张`),
);

document.addEventListener('wx-coupon:added', (event) => {
  const cards = (event as CustomEvent<CouponEventDetail>).detail.cards as AddedCard[];
  toast(`已放入卡包：${cards.length} 张优惠券 ✓`, 'ok');
  // The buttons say what happened; another tap adds another one.
  for (const card of cards) {
    for (const button of document.querySelectorAll<HTMLElement>(`.coupon[data-card-id="${card.cardId}"] [data-wx-add-card]`)) {
      button.textContent = '已放入卡包 ✓ 再领一张';
      button.classList.add('btn--done');
    }
  }
  // What WeChat does when the user taps the coupon's custom entry: open the merchant page
  // with encrypt_code and card_id appended (unescaped, as WeChat does).
  const first = cards[0];
  if (first) ($('#redirect-link') as HTMLAnchorElement).href = `/demo/redirect.html?encrypt_code=${first.code}&card_id=${first.cardId}&outer_str=landing`;
});
document.addEventListener('wx-coupon:cancel', () => toast('已取消 — 优惠券还在这里等你', 'cancel'));
// Shopper words on the screen; the developer's message goes to the console, written there by
// wx-coupon itself since this listener does not call preventDefault().
document.addEventListener('wx-coupon:error', (event) => toast(userMessage((event as CustomEvent<CouponEventDetail>).detail.error, lang), 'error'));

bindButtons();
if (demo.mark !== 'ready') showFallback({ lang });

const environment = $('#environment');
for (const [key, value] of Object.entries({ ...detectWeChat(), simulator: demo.simulated, appId: demo.appId, userAgent: navigator.userAgent })) {
  environment.append(h('dt', {}, key), h('dd', {}, value === null ? '—' : String(value)));
}
