// The two merchant pages the browser benchmarks open. Both run in Chromium with our simulator
// as the WeChat client (tickets inlined, so the simulated client makes no requests of its own)
// and the same probe: when the tap happened and when the bridge received batchAddCard (the
// moment WeChat would open its add sheet), on the page's performance.now() clock.

const escape = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

function head({ appId, tickets }) {
  return `<meta charset="utf-8"><meta name="viewport" content="width=device-width">
<script src="/wx-coupon.simulator.iife.js"></script>
<script>
  performance.setResourceTimingBufferSize(2000);
  window.__bench = { taps: [], sheets: [], settled: 0 };
  var tickets = ${escape(tickets)};
  WxCouponSimulator.installWeChatSimulator({
    appId: ${escape(appId)}, ui: false,
    tickets: function () { return Promise.resolve(tickets); },
    answer: function () { return { action: 'cancel' }; },
  });
  // Our probe sits next to the simulated bridge, under anything the page's SDK wraps around it.
  document.addEventListener('WeixinJSBridgeReady', function () {
    var invoke = WeixinJSBridge.invoke;
    WeixinJSBridge.invoke = function (name) {
      if (name === 'batchAddCard') __bench.sheets.push(performance.now());
      return invoke.apply(this, arguments);
    };
  });
  document.addEventListener('click', function (event) { __bench.taps.push(event.timeStamp); }, true);
  // ?tap=load: the earliest tap there can be, the moment the page's own DOMContentLoaded work is done.
  if (/[?&]tap=load(&|$)/.test(location.search)) {
    document.addEventListener('DOMContentLoaded', function () { setTimeout(function () { document.getElementById('add').click(); }); });
  }
</script>`;
}

/**
 * wx-coupon's script tag and one button, as the README shows; with `embedded`, the HTML that
 * wx-coupon/server's embedCouponConfig made for this page request (signature, the button's
 * card_ext, the engine's preload) goes before it.
 */
export function oursPage({ appId, cardId, tickets, embedded = '' }) {
  return `<!doctype html><html><head>${head({ appId, tickets })}${embedded}
<script src="/wx-coupon.iife.js" data-app-id="${appId}" data-signature-url="/api/wx/signature" data-card-ext-url="/api/wx/card-ext"></script>
</head><body>
<button id="add" data-wx-add-card="${cardId}">领取到卡包</button>
<script>document.addEventListener('wx-coupon:cancel', function () { __bench.settled++; });</script>
</body></html>`;
}

/**
 * The usual hand-written integration, as WeChat's documentation and most merchant pages do
 * it: load the SDK, fetch the signature, wx.config; on tap, fetch card_ext, then wx.addCard.
 * Written carefully: the tap waits for wx.ready, and fetches card_ext meanwhile.
 */
export function handWrittenPage({ appId, cardId, tickets }) {
  return `<!doctype html><html><head>${head({ appId, tickets })}
<script src="/jweixin-1.6.0.js"></script>
<script>
  var ready = new Promise(function (resolve, reject) { wx.ready(resolve); wx.error(reject); });
  fetch('/api/wx/signature?url=' + encodeURIComponent(location.href.split('#')[0]))
    .then(function (r) { return r.json(); })
    .then(function (s) {
      wx.config({ appId: ${escape(appId)}, timestamp: s.timestamp, nonceStr: s.nonceStr, signature: s.signature, jsApiList: ['addCard'] });
    });
  document.addEventListener('DOMContentLoaded', function () {
    document.getElementById('add').addEventListener('click', function () {
      var cardExt = fetch('/api/wx/card-ext', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardId: ${escape(cardId)} }) })
        .then(function (r) { return r.json(); });
      Promise.all([ready, cardExt]).then(function (results) {
        wx.addCard({
          cardList: [{ cardId: ${escape(cardId)}, cardExt: results[1].cardExt }],
          success: function () { __bench.settled++; },
          cancel: function () { __bench.settled++; },
          fail: function () { __bench.settled++; },
        });
      });
    });
  });
</script>
</head><body>
<button id="add">领取到卡包</button>
</body></html>`;
}
