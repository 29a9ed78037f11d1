/**
 * The end of every exhaustive switch over a union: `default: assertNever(value, 'what')`. Adding a
 * member to the union then breaks the build wherever it is not handled, and a value the types
 * did not foresee (a peer running other code) fails loudly instead of being ignored.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
