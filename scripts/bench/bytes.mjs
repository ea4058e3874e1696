// Bytes a merchant page ships: ours for each use, and the alternatives built the same way
// (Vite/rolldown, minified, tree-shaken, gzip -9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLERS, bundle, gzipSize, root } from '../lib/bundle.mjs';

const distFile = (name) => readFileSync(join(root, 'dist', name));

/** Rows: { what, initial, lazy, does, doesNot } with byte counts (gzip -9). */
export async function measureBytes() {
  const rows = [];
  const add = (what, initial, lazy, does, doesNot) => rows.push({ what, initial, lazy, does, doesNot });

  add(
    'wx-coupon script tag (`wx-coupon.iife.js`); lazy: its engine',
    gzipSize(distFile('wx-coupon.iife.js')),
    gzipSize(distFile('wx-coupon.engine.iife.js')),
    'everything below, configured by data attributes; the engine (SDK + config + card calls) is fetched only inside WeChat ≥ 6.0.2, the QR fallback (+' +
      (gzipSize(distFile('wx-coupon.qr.iife.js')) / 1024).toFixed(1) +
      ' KB) only outside it',
    '—',
  );
  const esm = async (what, source, does, doesNot) => {
    const { initial, lazy } = await bundle(source);
    add(what, gzipSize(initial), lazy ? gzipSize(lazy) : 0, does, doesNot);
  };
  await esm(
    'wx-coupon ESM: redirect page only',
    `import { readCouponContext } from 'wx-coupon';\ndocument.title = JSON.stringify(readCouponContext());\n`,
    'reads and validates encrypt_code, card_id, openid, outer_str (query and hash routes)',
    'no SDK, no detection',
  );
  await esm(
    'wx-coupon ESM: detection only',
    `import { detectWeChat, isCardsAndOffersSupported } from 'wx-coupon';\nwindow.env = [detectWeChat(), isCardsAndOffersSupported()];\n`,
    'WeChat client, MicroMessenger version, OS, desktop WeChat, the ≥ 6.0.2 gate',
    'no SDK',
  );
  await esm(
    'wx-coupon ESM: full add flow',
    `import { configure, addToCardsAndOffers } from 'wx-coupon';\nconfigure({ appId: 'wx1234567890abcdef', signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext' });\ndocument.onclick = () => addToCardsAndOffers('pCard').then(console.log, console.error);\n`,
    'detection, gating, signature fetch + cache, wx.config with the real outcome and URL retry, card_ext fetch/prefetch, promise with typed errors and timeouts; SDK in the lazy chunk',
    'buttons/fallback UI (script tag has them)',
  );
  await esm(
    'weixin-js-sdk 1.6.5 (bare)',
    `import wx from 'weixin-js-sdk';\nwindow.wx = wx;\n`,
    'wx.config + callback APIs',
    'no signature fetch, no promises, no detection, no timeouts; config outcome only via wx.ready/wx.error',
  );
  await esm(
    '@wecom/jssdk 2.4 (all of it)',
    `import * as ww from '@wecom/jssdk';\nwindow.ww = ww;\n`,
    'promise per command, getConfigSignature seam, WeCom + WeChat APIs',
    'no WeChat version gate, no card_ext fetch, no desktop fallback',
  );
  await esm(
    '@wecom/jssdk 2.4 (register + addCard only)',
    `import { register, addCard } from '@wecom/jssdk';\nregister({ corpId: 'wx1234567890abcdef', getConfigSignature: async () => ({ timestamp: 0, nonceStr: '', signature: '' }) });\ndocument.onclick = () => addCard({ cardList: [] }).then(console.log);\n`,
    'as above, tree-shaken to the card call',
    'as above',
  );
  const wechatJssdk = await bundle(`import WechatJSSDK from 'wechat-jssdk/dist/client.umd.js';\nwindow.W = WechatJSSDK;\n`);
  const jweixin = await bundle(`import wx from 'weixin-js-sdk';\nwindow.wx = wx;\n`);
  add(
    'wechat-jssdk 5.1 browser client',
    gzipSize(wechatJssdk.code),
    gzipSize(jweixin.code),
    'loads jweixin from res.wx.qq.com at run time (lazy column: that SDK), then wx.config with a signature you pass in',
    'no signature fetch of its own, no card helpers, no promises for card calls, no detection',
  );
  return rows;
}

const SHAKEN = [
  ['readCouponContext', `import { readCouponContext } from 'wx-coupon';\ndocument.title = JSON.stringify(readCouponContext());\n`],
  ['detectWeChat, isCardsAndOffersSupported', `import { detectWeChat, isCardsAndOffersSupported } from 'wx-coupon';\nwindow.env = [detectWeChat(), isCardsAndOffersSupported()];\n`],
  ['configure, addToCardsAndOffers', `import { configure, addToCardsAndOffers } from 'wx-coupon';\nconfigure({ appId: 'wx1234567890abcdef', signatureUrl: '/api/wx/signature', cardExtUrl: '/api/wx/card-ext' });\ndocument.onclick = () => addToCardsAndOffers({ cardId: 'pCard' }).then(console.log, console.error);\n`],
];

/** One import from 'wx-coupon' under each bundler: { what, [bundler]: { initial, lazy } }. */
export async function measureTreeShaking() {
  const rows = [];
  for (const [what, source] of SHAKEN) {
    const row = { what };
    for (const bundler of BUNDLERS) {
      const { initial, lazy } = await bundle(source, { bundler });
      row[bundler] = { initial: gzipSize(initial), lazy: lazy ? gzipSize(lazy) : 0 };
    }
    rows.push(row);
  }
  return { rows, bundlers: BUNDLERS };
}
