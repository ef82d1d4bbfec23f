/** How long `waitFor` polls and what it says when the condition never held. */
export interface WaitForOptions {
  /** Give up after this many ms. Defaults to 10 000. */
  timeoutMs?: number;
  /** Pause between checks, in ms. Defaults to 20. */
  intervalMs?: number;
  /** Describes what was awaited, for the timeout error; a function is called then (so it can show the last state). */
  message?: string | (() => string);
}

/**
 * Polls `check` until it returns a truthy value and resolves to it; rejects after `timeoutMs`. A check that throws
 * fails the wait at once (a broken request should not be retried into a timeout). For conditions a test cannot
 * subscribe to — another process's state, an SDK's view — instead of sleeping a guessed time.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitForOptions | number = {},
): Promise<NonNullable<T>> {
  const {
    timeoutMs = 10_000,
    intervalMs = 20,
    message,
  } = typeof options === "number" ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) {
      const what = typeof message === "function" ? message() : (message ?? "condition");
      throw new Error(`${what} not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
