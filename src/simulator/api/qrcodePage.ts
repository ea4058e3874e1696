// The page behind show_qrcode_url: the QR code of the ticket's url, drawn as SVG, the cards
// it issues, and a button that scans it as the simulated user.
import { renderSVG } from 'uqr';
import type { QrTicket } from './qrcodes';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function qrcodePage(ticket: QrTicket, titles: string[]): string {
  const svg = renderSVG(ticket.url, { border: 2 });
  const expires = Number.isFinite(ticket.expiresAt) ? `有效期至 ${new Date(ticket.expiresAt).toISOString()}` : '永久有效';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>卡券二维码 · WeChat API stand-in</title>
<style>body{font-family:-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;text-align:center;margin:24px;color:#111}
.qr{width:260px;height:260px;margin:16px auto}.qr svg{width:100%;height:100%}small{color:#888;word-break:break-all}
button{padding:10px 24px;font-size:16px;border:none;border-radius:8px;background:#07c160;color:#fff}</style></head>
<body><h1>扫码领取</h1><p>${titles.map(escapeHtml).join('、')}</p>
<div class="qr" data-qr-url="${escapeHtml(ticket.url)}">${svg}</div>
<p><small>${escapeHtml(ticket.url)}</small></p><p><small>${escapeHtml(expires)}${ticket.isUniqueCode ? ' · 仅可领取一次' : ''}</small></p>
<form method="post" action="scan?ticket=${encodeURIComponent(ticket.ticket)}"><button type="submit">模拟扫码领取</button></form>
<p><small>WeChat API stand-in (wx-coupon) · 模拟器页面，不是微信的页面</small></p></body></html>`;
}

export function scanResultPage(lines: string[]): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>扫码结果</title></head>
<body style="font-family:sans-serif;margin:24px"><h1>扫码结果</h1><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></body></html>`;
}
