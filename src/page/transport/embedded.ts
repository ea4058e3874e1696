import { EMBEDDED_CONFIG_ID, type EmbeddedCouponConfig, type Unchecked } from '../../contract';
import { isRecord } from '../../utils/isRecord';

/** Where an embedded answer came from, for messages. */
export const EMBEDDED = `the page’s #${EMBEDDED_CONFIG_ID}`;

/** The page's `<script type="application/json" id="wx-coupon-config">`, its fields still unchecked, or undefined. */
export function readEmbeddedConfig(): Unchecked<EmbeddedCouponConfig> | undefined {
  const element = typeof document === 'undefined' ? null : document.getElementById(EMBEDDED_CONFIG_ID);
  if (!element) return undefined;
  try {
    const config: unknown = JSON.parse(element.textContent || '');
    if (isRecord(config)) return config;
  } catch {
    // reported below
  }
  console.warn(`wx-coupon: #${EMBEDDED_CONFIG_ID} is not a JSON object; the page fetches its signature and card_ext instead.`);
  return undefined;
}
