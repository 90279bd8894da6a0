/**
 * Tests a string against a JSON Schema `pattern` the way ajv does: an ECMAScript regular
 * expression with the `u` flag, or without it when the source is only valid that way.
 */
const cache = new Map<string, RegExp | null>();

export function patternRegExp(source: string): RegExp | null {
  let re = cache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, "u");
    } catch {
      try {
        re = new RegExp(source);
      } catch {
        re = null;
      }
    }
    cache.set(source, re);
  }
  return re;
}

export function patternMatches(source: string, s: string): boolean {
  const re = patternRegExp(source);
  return re !== null && re.test(s);
}
