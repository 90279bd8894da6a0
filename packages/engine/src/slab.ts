/**
 * Typed arrays carved out of one `ArrayBuffer`. V8 keeps a typed array of up to 64 bytes on its
 * heap but gives a larger one a backing store of its own, which costs about a microsecond to
 * make; an object that needs a dozen fixed-size arrays (a trie walker's per-level state, a rule's
 * NFA) makes one backing store instead of a dozen. 32-bit arrays are carved first, bytes last, so
 * every view is aligned:
 *
 *   const slab = new Slab(3 * n, n); // 3n 32-bit elements, then n bytes
 *   const a = slab.i32(n), b = slab.i32(n), c = slab.u32(n), flags = slab.u8(n);
 *
 * Carving more than the slab holds throws (RangeError): sizes are the caller's arithmetic.
 */
export class Slab {
  private readonly buffer: ArrayBuffer;
  private at = 0;

  /** Room for `words` 32-bit elements followed by `bytes` 8-bit ones. */
  constructor(words: number, bytes = 0) {
    this.buffer = new ArrayBuffer(4 * words + bytes);
  }

  i32(n: number): Int32Array {
    const a = new Int32Array(this.buffer, this.at, n);
    this.at += 4 * n;
    return a;
  }

  u32(n: number): Uint32Array {
    const a = new Uint32Array(this.buffer, this.at, n);
    this.at += 4 * n;
    return a;
  }

  u8(n: number): Uint8Array {
    const a = new Uint8Array(this.buffer, this.at, n);
    this.at += n;
    return a;
  }
}
