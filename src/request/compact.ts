/** A copy without `undefined` values, so plans compare and serialise the same way every time. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
