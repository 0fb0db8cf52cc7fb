/**
 * Polls `probe` until it returns a value that `done` accepts, or fails after `timeoutMs` with
 * the last value seen. Tests wait for effects this way; never with a bare sleep.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean = Boolean,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${
          lastError ? `; last error: ${String(lastError)}` : ''
        }`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
