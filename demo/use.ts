import { bindButtons, showFallback, type ChosenCard, type CouponEventDetail } from '../src';
import { boot } from './lib/boot';
import { codePanel } from './lib/redeem';
import { $, toast } from './lib/ui';

const demo = await boot();
const titles = new Map(demo.coupons.map((c) => [c.cardId, c.title]));

document.addEventListener('wx-coupon:chosen', async (event) => {
  const cards = (event as CustomEvent<CouponEventDetail>).detail.cards as ChosenCard[];
  const chosen = $('#chosen');
  chosen.replaceChildren(...(await Promise.all(cards.map((card) => codePanel(card.cardId, card.encryptCode, titles.get(card.cardId) ?? card.cardId)))));
});
document.addEventListener('wx-coupon:cancel', () => toast('没有选择优惠券', 'cancel'));
document.addEventListener('wx-coupon:error', (event) => toast(`出错了：${(event as CustomEvent<CouponEventDetail>).detail.error?.code}`, 'error'));

bindButtons();
if (demo.mark !== 'ready') showFallback({ lang: new URLSearchParams(location.search).get('lang') ?? undefined });
