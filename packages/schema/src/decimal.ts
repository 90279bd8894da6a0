/**
 * Exact decimal values for JSON numbers. A JSON number is a finite decimal, and JSON Schema
 * compares numbers mathematically, so bounds and `multipleOf` are handled as digit strings here
 * rather than as doubles.
 */
export interface Decimal {
  readonly negative: boolean;
  /** Integer digits without leading zeros; "0" for values below one. */
  readonly int: string;
  /** Fraction digits without trailing zeros; "" for integers. */
  readonly frac: string;
}

/** The exact decimal a JavaScript number denotes in its shortest round-trip spelling (`String(x)`). */
export function decimalOf(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
  const text = String(Math.abs(x));
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) throw new RangeError(`cannot read ${text} as a decimal`);
  let digits = m[1]! + (m[2] ?? "");
  let point = m[1]!.length + Number(m[3] ?? "0");
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, "") || "0";
  const frac = digits.slice(point).replace(/0+$/, "");
  return { negative: x < 0 && !(int === "0" && frac === ""), int, frac };
}

export function isZero(d: Decimal): boolean {
  return d.int === "0" && d.frac === "";
}

/** -1, 0 or 1 as |a| is below, equal to or above |b|. */
export function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  if (a.frac === b.frac) return 0;
  const n = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(n, "0");
  const fb = b.frac.padEnd(n, "0");
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = isZero(a) ? 0 : a.negative ? -1 : 1;
  const sb = isZero(b) ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  const m = compareMagnitude(a, b);
  return sa < 0 ? -m : m;
}

/** `d` as `mantissa * 10^-scale` with an integer mantissa. */
export function scaled(d: Decimal): { mantissa: bigint; scale: number } {
  const mantissa = BigInt(d.int + d.frac);
  return { mantissa: d.negative ? -mantissa : mantissa, scale: d.frac.length };
}

/** True if the decimal `value` is an integer multiple of the positive decimal `step`, exactly. */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  const v = scaled(value);
  const s = scaled(step);
  const scale = Math.max(v.scale, s.scale);
  const vm = v.mantissa * 10n ** BigInt(scale - v.scale);
  const sm = s.mantissa * 10n ** BigInt(scale - s.scale);
  return sm !== 0n && vm % sm === 0n;
}
