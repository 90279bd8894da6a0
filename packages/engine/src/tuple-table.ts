import { Slab } from "./slab.js";

/**
 * Interns tuples of 32-bit integers: equal tuples get equal ids (0, 1, 2, …). The engine numbers
 * grammar structure with it (hash-consing: an expression's number is the tuple of its kind and
 * its parts' numbers), which needs no string per node — the table holds flat typed arrays.
 *
 * A tuple is written between `open()` and `close()`; tuples may be built inside one another (a
 * part's tuple is opened and closed while its parent's is open), since each lives on a stack:
 *
 *   const at = table.open();
 *   table.push(KIND);
 *   for (const part of parts) table.push(number(part)); // number() may open its own tuples
 *   const id = table.close(at);
 *
 * Strings (names, leaf keys) are numbered separately by `text`, and the numbers used as parts.
 */
export class TupleTable {
  /** Tuples interned. */
  size = 0;
  /** Strings numbered by `text`. */
  get texts(): number {
    return this.strings.size;
  }
  private pool: Int32Array;
  private poolTop = 0;
  private offsets: Int32Array;
  private hashes: Int32Array;
  /** Open addressing: a tuple id, or -1 for an empty slot. Size is a power of two. */
  private slots: Int32Array;
  private stack: Int32Array;
  private top = 0;
  private readonly strings = new Map<string, number>();

  constructor() {
    // The starting arrays share one buffer (see Slab); each gets its own when it grows.
    const slab = new Slab(1024 + 256 + 256 + 512 + 256);
    this.pool = slab.i32(1024);
    this.offsets = slab.i32(256);
    this.hashes = slab.i32(256);
    this.slots = slab.i32(512).fill(-1);
    this.stack = slab.i32(256);
  }

  /** Starts a tuple; pass the result to `close`. */
  open(): number {
    return this.top;
  }

  /** Drops the tuple opened at `at`. */
  discard(at: number): void {
    this.top = at;
  }

  push(value: number): void {
    if (this.top === this.stack.length) this.stack = grow(this.stack, this.top * 2);
    this.stack[this.top++] = value;
  }

  /**
   * Ends the tuple opened at `at` and returns its id; a tuple not seen before is added, unless
   * `insert` is false, when the result is -1.
   */
  close(at: number, insert = true): number {
    const len = this.top - at;
    const stack = this.stack;
    let h = 0x9e3779b9 ^ len;
    for (let i = at; i < this.top; i++) h = Math.imul(h ^ stack[i]!, 0x01000193) ^ (h >>> 15);
    h ^= h >>> 16;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id < 0) break;
      if (this.hashes[id] === h && this.equals(id, at, len)) {
        this.top = at;
        return id;
      }
      slot = (slot + 1) & mask;
    }
    this.top = at;
    if (!insert) return -1;
    const id = this.size++;
    if (id === this.offsets.length) {
      this.offsets = grow(this.offsets, id * 2);
      this.hashes = grow(this.hashes, id * 2);
    }
    if (this.poolTop + len + 1 > this.pool.length) this.pool = grow(this.pool, Math.max(this.pool.length * 2, this.poolTop + len + 1));
    this.offsets[id] = this.poolTop;
    this.hashes[id] = h;
    const pool = this.pool;
    let top = this.poolTop;
    pool[top++] = len;
    // A loop, not set(subarray): tuples are short and a subarray is an object per tuple.
    for (let i = at, end = at + len; i < end; i++) pool[top++] = stack[i]!;
    this.poolTop = top;
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** A string's number (-1 for a new string when `insert` is false). */
  text(s: string, insert = true): number {
    let n = this.strings.get(s);
    if (n === undefined) {
      if (!insert) return -1;
      n = this.strings.size;
      this.strings.set(s, n);
    }
    return n;
  }

  private equals(id: number, at: number, len: number): boolean {
    const off = this.offsets[id]!;
    if (this.pool[off] !== len) return false;
    for (let i = 0; i < len; i++) if (this.pool[off + 1 + i] !== this.stack[at + i]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

/** A copy of `a` in an array of `size` elements (at least its length). */
export function grow<T extends Int32Array | Uint32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * A map from pairs of 32-bit integers to non-negative 32-bit integers (open addressing over typed
 * arrays: no object or boxed number per entry).
 */
export class PairMap {
  size = 0;
  private keys: Int32Array;
  private values: Int32Array;
  /**
   * A slot holds an entry only if its stamp is the current generation, so `clear` is O(1): a
   * builder empties its map for every rule it builds, most of them small.
   */
  private stamps: Uint32Array;
  private generation = 1;

  constructor() {
    // 128 slots to start (most grammars' maps outgrow 64), in one buffer (see Slab).
    const slab = new Slab(4 * 128);
    this.keys = slab.i32(256);
    this.values = slab.i32(128);
    this.stamps = slab.u32(128);
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const mask = this.values.length - 1;
    const g = this.generation;
    for (let slot = pairHash(a, b) & mask; ; slot = (slot + 1) & mask) {
      if (this.stamps[slot] !== g) return -1;
      if (this.keys[2 * slot] === a && this.keys[2 * slot + 1] === b) return this.values[slot]!;
    }
  }

  /** Stores a value (≥ 0) for a pair not stored yet. */
  add(a: number, b: number, value: number): void {
    if (2 * (this.size + 1) > this.values.length) this.resize();
    this.place(a, b, value);
    this.size++;
  }

  /** Removes every entry (the arrays are kept for the next use). */
  clear(): void {
    this.size = 0;
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private place(a: number, b: number, value: number): void {
    const mask = this.values.length - 1;
    const g = this.generation;
    let slot = pairHash(a, b) & mask;
    while (this.stamps[slot] === g) slot = (slot + 1) & mask;
    this.keys[2 * slot] = a;
    this.keys[2 * slot + 1] = b;
    this.values[slot] = value;
    this.stamps[slot] = g;
  }

  private resize(): void {
    const { keys, values, stamps, generation } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(values.length * 2);
    this.stamps = new Uint32Array(values.length * 2);
    for (let s = 0; s < values.length; s++) if (stamps[s] === generation) this.place(keys[2 * s]!, keys[2 * s + 1]!, values[s]!);
  }
}

function pairHash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x2545f491, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
