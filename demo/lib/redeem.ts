// The staff side of the demo: show a decrypted code and redeem it once (POST …/consume).
import { decryptCouponCode, userMessage } from '../../src';
import { h, toast } from './ui';

export async function codePanel(cardId: string, encryptCode: string, title: string): Promise<HTMLElement> {
  const panel = h('section', { class: 'card code-panel', 'data-card-id': cardId });
  panel.append(h('h2', {}, title));
  const codeLine = h('p', { class: 'code' }, '解密中… decrypting…');
  panel.append(codeLine);
  try {
    const code = await decryptCouponCode(encryptCode, { url: '/api/wx/decrypt' });
    codeLine.textContent = code.replace(/(\d{4})(?=\d)/g, '$1 ');
    codeLine.dataset.code = code;
    const redeem = h('button', { class: 'btn', type: 'button', 'data-redeem': '' }, '店员核销 Redeem');
    const status = h('p', { class: 'status', role: 'status' });
    redeem.addEventListener('click', async () => {
      redeem.disabled = true;
      let response: Response | undefined;
      let body: { consumed?: boolean; error?: string; message?: string } = {};
      try {
        response = await fetch('/api/wx/consume', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, cardId }) });
        body = (await response.json()) as typeof body;
      } catch (error) {
        console.warn('consume failed', error);
      }
      if (response?.ok && body.consumed) {
        status.textContent = '已核销 ✓ Redeemed';
        status.dataset.kind = 'ok';
        toast('核销成功', 'ok');
      } else {
        // Staff read words, not the server's developer message (that goes to the console).
        if (body.error !== 'already_consumed') console.warn(`consume: HTTP ${response?.status} ${body.error ?? ''} ${body.message ?? ''}`);
        status.textContent = body.error === 'already_consumed' ? '此券已核销，不能重复使用 · Already redeemed' : '核销没有成功，请稍后再试 · Could not redeem, try again';
        status.dataset.kind = 'error';
        redeem.disabled = body.error === 'already_consumed';
      }
    });
    panel.append(redeem, status);
  } catch (error) {
    // The shopper reads what to do; the developer's reason goes to the console.
    console.warn(error);
    codeLine.replaceChildren(userMessage(error), h('br'), h('span', { class: 'en' }, userMessage(error, 'en')));
    codeLine.dataset.kind = 'error';
  }
  return panel;
}
