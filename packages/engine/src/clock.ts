// `performance.now()` exists in browsers, Web Workers and Node alike, but is in no ES lib; the
// packages compile without DOM or Node types, so it is declared here once.
declare const performance: { now(): number };

/** Monotonic milliseconds. */
export const now = (): number => performance.now();
