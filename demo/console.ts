// The merchant console: the live feed of card events the demo server receives (server-sent
// events from /__wx-demo/events) and the tally per outer_str, so a coupon's scene value can be
// followed from the tap on the landing page to the redemption at the counter.
import type { FeedItem, FeedMessage, TallyRow } from './server/eventFeed';
import type { DemoCoupon } from './coupons';
import { $, h } from './lib/ui';

const EVENT_LABELS: Record<string, string> = {
  card_pass_check: '审核通过',
  card_not_pass_check: '审核未通过',
  user_get_card: '领取',
  user_gifting_card: '转赠',
  user_del_card: '删除',
  user_consume_card: '核销',
  user_pay_from_pay_cell: '买单',
  user_view_card: '查看',
  user_enter_session_from_card: '进入会话',
  update_member_card: '会员卡更新',
  card_sku_remind: '库存报警',
  card_pay_order: '券点流水',
  submit_membercard_user_info: '激活会员卡',
};
const CONSUME_SOURCES: Record<string, string> = { FROM_API: '接口核销', FROM_MP: '公众平台', FROM_MOBILE_HELPER: '卡券商户助手' };
// The coupons' titles by card_id: the ids exist once the demo server has created them (card/create).
// Read before the feed opens, so that its snapshot already shows titles.
const titles = new Map<string, string>();
const titlesRead = fetch('/__wx-demo/config')
  .then((response) => response.json() as Promise<{ coupons: DemoCoupon[] }>)
  .then(({ coupons }) => coupons.forEach((coupon) => titles.set(coupon.cardId, coupon.title)))
  .catch(() => undefined); // without them the feed names cards by id
const time = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const scene = (outerStr: string) => (outerStr ? h('span', { class: 'scene' }, outerStr) : h('span', { class: 'none' }, '（无渠道）'));

function feedEntry(item: FeedItem, fresh: boolean): HTMLLIElement {
  const detail: Array<Node | string> = [];
  if (item.outerStr || item.event === 'user_get_card' || item.event === 'user_consume_card') detail.push('渠道 ', scene(item.outerStr), ' · ');
  if (item.code) detail.push(`券码 ${item.code} · `);
  if (item.consumeSource) detail.push(`${CONSUME_SOURCES[item.consumeSource] ?? item.consumeSource} · `);
  // Approval events come from WeChat's review, not from a user.
  detail.push(item.event === 'card_pass_check' || item.event === 'card_not_pass_check' ? '公众平台审核' : `用户 ${item.openid}`);
  return h(
    'li',
    fresh ? { class: 'new' } : {},
    h('span', { class: 'kind', 'data-event': item.event }, EVENT_LABELS[item.event] ?? item.event),
    h('span', { class: 'what' }, (item.cardId && titles.get(item.cardId)) ?? item.cardId ?? item.event),
    h('time', { class: 'when', datetime: new Date(item.createTime * 1000).toISOString() }, time.format(item.createTime * 1000)),
    h('span', { class: 'detail' }, ...detail),
  );
}

let previous = new Map<string, string>();
function renderTally(rows: TallyRow[]): void {
  const now = new Map(rows.map((row) => [row.outerStr, `${row.received}/${row.redeemed}`]));
  $('#tally').replaceChildren(
    ...rows.map((row) => {
      const rate = row.received ? `${Math.round((row.redeemed / row.received) * 100)}%` : '—';
      const changed = previous.size > 0 && previous.get(row.outerStr) !== now.get(row.outerStr);
      return h('tr', changed ? { class: 'flash' } : {}, h('td', {}, scene(row.outerStr)), h('td', {}, String(row.received)), h('td', {}, String(row.redeemed)), h('td', {}, rate));
    }),
  );
  previous = now;
  $('#tally-empty').hidden = rows.length > 0;
}

function setStatus(state: 'connecting' | 'live' | 'offline', text: string): void {
  const badge = $('#feed-status');
  badge.dataset.state = state;
  badge.textContent = text;
}

const feed = $('#feed');
void titlesRead.then(() => {
  const source = new EventSource('/__wx-demo/events');
  source.addEventListener('open', () => setStatus('live', '实时'));
  source.addEventListener('error', () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting', source.readyState === EventSource.CLOSED ? '已断开' : '重连中…'));
  source.addEventListener('message', (message) => {
    const data = JSON.parse(message.data as string) as FeedMessage;
    if (data.type === 'snapshot') {
      feed.replaceChildren(...data.items.map((item) => feedEntry(item, false)));
      if (!data.receiving) $('#feed-empty').textContent = '未配置接收：设置 WX_PUSH_TOKEN（安全模式再加 WX_ENCODING_AES_KEY）后，微信推送到 /api/wx/events 的事件会显示在这里。';
    } else {
      feed.prepend(feedEntry(data.item, true));
      while (feed.children.length > 50) feed.lastElementChild?.remove();
    }
    renderTally(data.tally);
    $('#feed-empty').hidden = feed.children.length > 0;
  });
});
