/** Runs `op` with `concurrency` callers in flight for `ms`, after a short warm-up; operations per second. */
export async function throughput(op, { ms = 1500, concurrency = 64 } = {}) {
  const run = async (until) => {
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await op();
          done++;
        }
      }),
    );
    return done;
  };
  await run(performance.now() + 200);
  const started = performance.now();
  const done = await run(started + ms);
  return done / ((performance.now() - started) / 1000);
}
