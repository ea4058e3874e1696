// The simulator's bottom sheet: what a person sees where the WeChat client would show its
// native card sheet. Built with DOM calls and CSSOM styles only, so it works under a
// strict Content-Security-Policy (no inline <style>, no style attributes parsed from HTML).

export interface SheetItem {
  id: string;
  title: string;
  subtitle?: string;
  color?: string;
  /** The card's logo (e.g. served by the WeChat API stand-in), drawn over the colour swatch. */
  logoUrl?: string;
}

export interface SheetOptions {
  title: string;
  items: SheetItem[];
  /** Let the person pick items (chooseCard); otherwise they are only shown. */
  selectable: boolean;
  confirmLabel: string;
  cancelLabel?: string;
}

export type SheetResult = { action: 'confirm'; selected: string[] } | { action: 'cancel' };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, style: Partial<CSSStyleDeclaration>, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node.style, style);
  if (text !== undefined) node.textContent = text;
  return node;
}

const FONT = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/** Shows the sheet and resolves with what the person pressed; `close()` removes it. */
export function showSheet(options: SheetOptions): { result: Promise<SheetResult>; close(): void } {
  const overlay = el('div', { position: 'fixed', inset: '0', background: 'rgba(0,0,0,0.45)', zIndex: '2147483000', display: 'flex', alignItems: 'flex-end', justifyContent: 'center', fontFamily: FONT });
  overlay.setAttribute('data-wx-sim-sheet', '');
  const panel = el('div', { background: '#f7f7f7', width: '100%', maxWidth: '480px', borderRadius: '14px 14px 0 0', padding: '16px 16px 24px', boxSizing: 'border-box' });
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-modal', 'true');
  panel.setAttribute('aria-label', options.title);

  const badge = el('div', { fontSize: '11px', color: '#999', textAlign: 'center', marginBottom: '6px' }, 'WeChat simulator · wx-coupon');
  const heading = el('div', { fontSize: '17px', fontWeight: '600', textAlign: 'center', margin: '0 0 14px', color: '#111' }, options.title);
  panel.append(badge, heading);

  const selected = new Set<string>(options.selectable && options.items[0] ? [options.items[0].id] : []);
  const rows: Array<[SheetItem, HTMLElement]> = [];
  const paint = () => {
    for (const [item, row] of rows) {
      row.style.outline = selected.has(item.id) ? '2px solid #07c160' : 'none';
      row.setAttribute('aria-checked', String(selected.has(item.id)));
    }
    confirm.disabled = options.selectable && selected.size === 0;
    confirm.style.opacity = confirm.disabled ? '0.5' : '1';
  };

  for (const item of options.items) {
    const row = el('div', { display: 'flex', alignItems: 'center', gap: '12px', background: '#fff', borderRadius: '10px', padding: '12px', marginBottom: '10px', cursor: options.selectable ? 'pointer' : 'default' });
    row.setAttribute('data-wx-sim-card', item.id);
    if (options.selectable) {
      row.setAttribute('role', 'checkbox');
      row.tabIndex = 0;
      const toggle = () => {
        if (selected.has(item.id)) selected.delete(item.id);
        else selected.add(item.id);
        paint();
      };
      row.addEventListener('click', toggle);
      row.addEventListener('keydown', (event) => {
        if (event.key === ' ' || event.key === 'Enter') {
          event.preventDefault();
          toggle();
        }
      });
    }
    const swatch = el('div', { width: '44px', height: '44px', borderRadius: '8px', background: item.color ?? '#63b359', flex: 'none' });
    if (item.logoUrl) {
      const logo = el('img', { width: '100%', height: '100%', borderRadius: '8px', objectFit: 'cover', display: 'block' });
      logo.alt = '';
      logo.src = item.logoUrl;
      logo.setAttribute('data-wx-sim-logo', '');
      swatch.append(logo);
    }
    const text = el('div', { minWidth: '0' });
    text.append(el('div', { fontSize: '15px', color: '#111', fontWeight: '500' }, item.title));
    if (item.subtitle) text.append(el('div', { fontSize: '12px', color: '#888', marginTop: '2px', wordBreak: 'break-all' }, item.subtitle));
    row.append(swatch, text);
    rows.push([item, row]);
    panel.append(row);
  }

  const buttons = el('div', { display: 'flex', gap: '10px', marginTop: '6px' });
  const button = (label: string, primary: boolean) =>
    el('button', { flex: '1', padding: '12px', fontSize: '16px', borderRadius: '8px', border: 'none', background: primary ? '#07c160' : '#fff', color: primary ? '#fff' : '#111', fontFamily: FONT, cursor: 'pointer' }, label);
  const confirm = button(options.confirmLabel, true);
  confirm.setAttribute('data-wx-sim', 'confirm');
  let cancel: HTMLButtonElement | undefined;
  if (options.cancelLabel) {
    cancel = button(options.cancelLabel, false);
    cancel.setAttribute('data-wx-sim', 'cancel');
    buttons.append(cancel);
  }
  buttons.append(confirm);
  panel.append(buttons);
  overlay.append(panel);
  paint();

  const close = () => overlay.remove();
  const result = new Promise<SheetResult>((resolve) => {
    confirm.addEventListener('click', () => {
      close();
      resolve({ action: 'confirm', selected: [...selected] });
    });
    cancel?.addEventListener('click', () => {
      close();
      resolve({ action: 'cancel' });
    });
  });
  document.body.append(overlay);
  confirm.focus();
  return { result, close };
}
