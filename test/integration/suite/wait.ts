// Extension-host tests wait on conditions, never on fixed sleeps: the host is slow on two busy
// cores right after start, and a sleep long enough for CI wastes time everywhere else.

/** Polls `condition` every `intervalMs` until it returns a truthy value; throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, condition: () => T | Promise<T>, timeoutMs = 20_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
