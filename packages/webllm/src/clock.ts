// `performance.now()` exists in browsers, Web Workers and Node alike.
declare const performance: { now(): number };

/** Monotonic milliseconds. */
export const now = (): number => performance.now();
