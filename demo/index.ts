import { detectWeChat, readCouponContext } from '../src';

function fill(list: HTMLElement, values: Record<string, unknown>): void {
  list.replaceChildren(
    ...Object.entries(values).flatMap(([key, value]) => {
      const term = document.createElement('dt');
      term.textContent = key;
      const detail = document.createElement('dd');
      detail.textContent = value === null ? '—' : String(value);
      return [term, detail];
    }),
  );
}

fill(document.getElementById('environment')!, { ...detectWeChat(), userAgent: navigator.userAgent });
fill(document.getElementById('context')!, { ...readCouponContext() });
