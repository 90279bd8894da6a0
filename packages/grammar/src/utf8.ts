/** Largest Unicode code point. */
export const MAX_CODEPOINT = 0x10ffff;
export const SURROGATE_MIN = 0xd800;
export const SURROGATE_MAX = 0xdfff;

export function isSurrogate(cp: number): boolean {
  return cp >= SURROGATE_MIN && cp <= SURROGATE_MAX;
}

/** Number of UTF-8 bytes that encode `cp`. */
export function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Appends the UTF-8 bytes of one scalar value to `out`. */
export function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) {
    out.push(cp);
  } else if (cp < 0x800) {
    out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  } else {
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}

/**
 * Index of the first lone surrogate in `text` (a UTF-16 unit in U+D800–U+DFFF that is not half
 * of a pair, so it has no UTF-8 form), or -1 if there is none: callers that take text from their
 * own callers check it to report a typed error before {@link utf8Encode} would throw.
 */
export function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < SURROGATE_MIN || c > SURROGATE_MAX) continue;
    if (c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/**
 * UTF-8 bytes of a JS string. Our own encoder rather than TextEncoder so the package needs no
 * platform API; a lone surrogate is an error because it has no UTF-8 form.
 */
export function utf8Encode(text: string): Uint8Array {
  // ASCII text (most grammar literals, keys and tokens) is its own encoding.
  const ascii = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return encodeAny(text);
    ascii[i] = c;
  }
  return ascii;
}

/** Any text, code point by code point (surrogate pairs joined). */
function encodeAny(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (isSurrogate(cp)) throw new RangeError(`lone surrogate U+${cp.toString(16).toUpperCase()} at index ${i} has no UTF-8 encoding`);
    pushUtf8(out, cp);
  }
  return new Uint8Array(out);
}

/**
 * The well-formed UTF-8 character at `bytes[i]` (ending before `end`), packed as
 * `codePoint * 8 + length`; -1 if the bytes there are not one whole well-formed character
 * (a stray or missing continuation byte, an overlong form, a surrogate, past U+10FFFF).
 */
export function utf8CharAt(bytes: Uint8Array, i: number, end: number = bytes.length): number {
  const b0 = bytes[i]!;
  let cp: number;
  let n: number;
  if (b0 < 0x80) return b0 * 8 + 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    cp = b0 & 0x1f;
    n = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    cp = b0 & 0x0f;
    n = 3;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    cp = b0 & 0x07;
    n = 4;
  } else return -1;
  if (i + n > end) return -1;
  for (let k = 1; k < n; k++) {
    const b = bytes[i + k]!;
    if ((b & 0xc0) !== 0x80) return -1;
    cp = (cp << 6) | (b & 0x3f);
  }
  if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > MAX_CODEPOINT)) || isSurrogate(cp)) return -1;
  return cp * 8 + n;
}

/**
 * Decodes UTF-8, returning the index of the first invalid byte instead of replacing it, so
 * callers can report where the input went wrong.
 */
export function utf8Decode(bytes: Uint8Array): { text: string } | { invalidAt: number } {
  let text = "";
  for (let i = 0; i < bytes.length; ) {
    const c = utf8CharAt(bytes, i);
    if (c < 0) return { invalidAt: i };
    text += String.fromCodePoint(c >>> 3);
    i += c & 7;
  }
  return { text };
}
