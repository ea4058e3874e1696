// Commands that serve (`stand-in`, `hello --keep-open`) run until Ctrl-C (SIGINT) or SIGTERM,
// then close their server and exit 0, instead of being killed mid-answer.
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
