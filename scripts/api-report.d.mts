/** Where the reports live: api-report/ at the repository root. */
export const REPORT_DIR: string;

/** The reports as dist/types says they should be: file path → content. */
export function buildReports(): Map<string, string>;

/** The report files (relative to the repository root) that are missing or differ from `reports`. */
export function staleReports(reports?: Map<string, string>): string[];
