// The typed error a call throws, for tests that look at its code and fields.

/** The error of class `type` that `f` throws; another error is rethrown, and no error fails the test. */
export function thrown<E extends Error>(f: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
