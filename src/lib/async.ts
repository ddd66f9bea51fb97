/**
 * Promise.all whose failure is the first listed promise's, not the fastest one's: a request
 * naming a missing episode and a missing filter value gets the same answer every time.
 */
export async function allInOrder<T extends readonly unknown[] | []>(
  promises: T,
): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const settled = (await Promise.allSettled(promises)) as PromiseSettledResult<unknown>[];
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as {
    -readonly [P in keyof T]: Awaited<T[P]>;
  };
}
