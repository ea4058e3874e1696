/**
 * Resolves once the MutationObservers on document created before this one (bindButtons') have
 * handled the next change, and the microtasks their handling queued (the card_ext prefetch, a
 * warm-up's request) have run: observers are called in the order they were created, and what
 * they queue runs before the continuation queued here. No timer, no guess.
 */
export function mutationHandled(): Promise<void> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}
