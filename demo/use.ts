import { bindButtons, showFallback, userMessage, type ChosenCard, type CouponEventDetail } from '../src';
import { boot } from './lib/boot';
import { codePanel } from './lib/redeem';
import { $, toast } from './lib/ui';

const lang = new URLSearchParams(location.search).get('lang') ?? undefined;
const demo = await boot();
const titles = new Map(demo.coupons.map((c) => [c.cardId, c.title]));

document.addEventListener('wx-coupon:chosen', async (event) => {
  const cards = (event as CustomEvent<CouponEventDetail>).detail.cards as ChosenCard[];
  const chosen = $('#chosen');
  chosen.replaceChildren(...(await Promise.all(cards.map((card) => codePanel(card.cardId, card.encryptCode, titles.get(card.cardId) ?? card.cardId)))));
});
document.addEventListener('wx-coupon:cancel', () => toast('没有选择优惠券', 'cancel'));
// Shopper words here; wx-coupon writes the developer's message to the console (no preventDefault()).
document.addEventListener('wx-coupon:error', (event) => toast(userMessage((event as CustomEvent<CouponEventDetail>).detail.error, lang), 'error'));

bindButtons();
if (demo.mark !== 'ready') showFallback({ lang });
