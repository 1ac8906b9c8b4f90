import { ConfigCheck } from '@rimjs/core';

/** Requires every listed size to be a non-negative integer; throws a ConfigError naming each bad one. */
export function checkSizes(where: string, sizes: Readonly<Record<string, unknown>>): void {
  const check = new ConfigCheck(where);
  for (const [field, value] of Object.entries(sizes)) {
    if (value !== undefined) check.integer(field, value, 0);
  }
  check.throwIfAny();
}
