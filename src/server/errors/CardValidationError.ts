import { ServerError } from './ServerError';

/** One rule a card definition breaks: where, which rule, and the value found there. */
export interface CardValidationIssue {
  /** The field, as a JSON path: `card.groupon.base_info.title`. */
  path: string;
  /** What WeChat requires there: `at most 27 UTF-8 bytes (9 汉字)`. */
  rule: string;
  /** The value found (undefined when the field is missing). */
  value: unknown;
  /**
   * `error`: WeChat refuses the card. `warning`: WeChat accepts it but it will not work as
   * expected (a date range that does not cover now cannot be redeemed); create() does not stop.
   */
  severity: 'error' | 'warning';
}

function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A card definition broke WeChat's rules: nothing was sent. `issues` lists every one. */
export class CardValidationError extends ServerError {
  override readonly name = 'CardValidationError';
  readonly code = 'card_validation_failed' as const;
  readonly issues: CardValidationIssue[];

  /** `what`: `card definition` (card/create) or `card update` (card/update). */
  constructor(issues: CardValidationIssue[], what = 'card definition') {
    const lines = issues.map((issue) => `  - ${issue.path}: ${issue.rule} (found ${shown(issue.value)})`);
    super(`wx-coupon: the ${what} breaks ${issues.length} of WeChat's rules; nothing was sent to WeChat. Fix:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}
