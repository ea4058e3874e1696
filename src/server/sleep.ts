/** Wall-clock waiting (backoff, lock polling): real milliseconds even under a simulated clock. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
