/**
 * The vocabulary's ordinary tokens as a trie laid out in preorder, so a walk is a loop over an
 * array: a rejected node is skipped with `n = subtreeEnd[n]`, an accepted one descends with
 * `n + 1`. Node depth is the number of bytes from the root; tokens with identical bytes share a
 * node and are listed in `tokenIds[tokenStart[n] .. tokenEnd[n])`.
 */
export interface TokenTrie {
  readonly size: number;
  readonly byte: Uint8Array;
  readonly depth: Uint16Array;
  readonly subtreeEnd: Uint32Array;
  readonly tokenStart: Uint32Array;
  readonly tokenEnd: Uint32Array;
  /** Token ids sorted by their bytes. */
  readonly tokenIds: Uint32Array;
  /** Longest token, in bytes. */
  readonly maxDepth: number;
}

/** End of the token positions below `node` (its subtree's tokens are `tokenIds[tokenStart[node] .. end)`). */
export function subtreeTokensEnd(trie: TokenTrie, node: number): number {
  const next = trie.subtreeEnd[node]!;
  return next < trie.size ? trie.tokenStart[next]! : trie.tokenIds.length;
}

/**
 * Builds the trie of the tokens `ids`, whose bytes are `bytes[offsets[id] .. offsets[id+1]]`.
 * Tokens are ordered by an MSD radix sort on their bytes (linear in the total length; far
 * cheaper than comparison sorting 150k strings), then the trie is laid out in one pass.
 */
export function buildTokenTrie(ids: Uint32Array, bytes: Uint8Array, offsets: Uint32Array): TokenTrie {
  return layoutTokenTrie(sortByBytes(ids, bytes, offsets), bytes, offsets);
}

/**
 * The trie of tokens `order`, already sorted by their bytes (then by id) — for instance a subset
 * of another trie's `tokenIds`, filtered in order. One pass, linear in the tokens' total length.
 */
export function layoutTokenTrie(order: Uint32Array, bytes: Uint8Array, offsets: Uint32Array): TokenTrie {
  const n = order.length;
  let total = 0;
  for (let k = 0; k < n; k++) total += offsets[order[k]! + 1]! - offsets[order[k]!]!;
  // At most one node per byte; trimmed at the end.
  const byte = new Uint8Array(total);
  const depth = new Uint16Array(total);
  const subtreeEnd = new Uint32Array(total);
  const tokenStart = new Uint32Array(total);
  const tokenEnd = new Uint32Array(total);
  const open = new Int32Array(65536); // open[d] = node at depth d+1 on the current path
  let openCount = 0;
  let size = 0;
  let maxDepth = 0;
  let prevStart = 0;
  let prevLength = 0;
  for (let r = 0; r < n; r++) {
    const id = order[r]!;
    const start = offsets[id]!;
    const length = offsets[id + 1]! - start;
    let common = 0;
    const limit = Math.min(length, prevLength);
    while (common < limit && bytes[prevStart + common] === bytes[start + common]) common++;
    while (openCount > common) subtreeEnd[open[--openCount]!] = size;
    for (let i = common; i < length; i++) {
      byte[size] = bytes[start + i]!;
      depth[size] = i + 1;
      tokenStart[size] = r;
      tokenEnd[size] = r;
      open[openCount++] = size++;
    }
    if (length > maxDepth) maxDepth = length;
    const node = open[length - 1]!;
    if (tokenEnd[node] === tokenStart[node]) tokenStart[node] = r;
    tokenEnd[node] = r + 1;
    prevStart = start;
    prevLength = length;
  }
  while (openCount > 0) subtreeEnd[open[--openCount]!] = size;
  return {
    size,
    byte: byte.slice(0, size),
    depth: depth.slice(0, size),
    subtreeEnd: subtreeEnd.slice(0, size),
    tokenStart: tokenStart.slice(0, size),
    tokenEnd: tokenEnd.slice(0, size),
    tokenIds: order,
    maxDepth,
  };
}

/**
 * The trie of some of `trie`'s tokens, `keep[k] !== 0` for each kept position `k` of
 * `trie.tokenIds`: the nodes with a kept token in their subtree, in the same preorder. The same
 * trie {@link layoutTokenTrie} builds from the kept ids, without reading a token's bytes — one
 * pass over the nodes (a slice's residual is most of the vocabulary, so laying it out again
 * compared bytes of every token and allocated arrays as long as all of them).
 */
export function filterTokenTrie(trie: TokenTrie, keep: Uint8Array): TokenTrie {
  const total = trie.tokenIds.length;
  // before[k]: kept positions before position k, which is a kept token's new position.
  const before = new Uint32Array(total + 1);
  for (let k = 0; k < total; k++) before[k + 1] = before[k]! + (keep[k] !== 0 ? 1 : 0);
  const tokenIds = new Uint32Array(before[total]!);
  for (let k = 0; k < total; k++) if (keep[k] !== 0) tokenIds[before[k]!] = trie.tokenIds[k]!;
  // index[v]: kept nodes before node v (index[size] counts them all), the new index of a kept v.
  const n = trie.size;
  const index = new Uint32Array(n + 1);
  let size = 0;
  for (let v = 0; v < n; v++) {
    index[v] = size;
    if (before[subtreeTokensEnd(trie, v)]! > before[trie.tokenStart[v]!]!) size++;
  }
  index[n] = size;
  const byte = new Uint8Array(size);
  const depth = new Uint16Array(size);
  const subtreeEnd = new Uint32Array(size);
  const tokenStart = new Uint32Array(size);
  const tokenEnd = new Uint32Array(size);
  let maxDepth = 0;
  for (let v = 0; v < n; v++) {
    const i = index[v]!;
    if (index[v + 1] === i) continue;
    byte[i] = trie.byte[v]!;
    depth[i] = trie.depth[v]!;
    if (depth[i]! > maxDepth) maxDepth = depth[i]!;
    // A kept node's subtree is the kept nodes of its old subtree, which stay together.
    subtreeEnd[i] = index[trie.subtreeEnd[v]!]!;
    // Its own tokens, or (none kept) the position of the first kept token below it.
    tokenStart[i] = before[trie.tokenStart[v]!]!;
    tokenEnd[i] = before[trie.tokenEnd[v]!]!;
  }
  return { size, byte, depth, subtreeEnd, tokenStart, tokenEnd, tokenIds, maxDepth };
}

/** Token ids ordered by their bytes (then by id), by most-significant-byte radix sort. */
function sortByBytes(ids: Uint32Array, bytes: Uint8Array, offsets: Uint32Array): Uint32Array {
  const a = Uint32Array.from(ids).sort();
  const tmp = new Uint32Array(a.length);
  const counts = new Uint32Array(257);
  const stack: number[] = [0, a.length, 0];
  // Byte at `d` of token id, or -1 past its end (shorter tokens sort first).
  const at = (id: number, d: number): number => {
    const p = offsets[id]! + d;
    return p < offsets[id + 1]! ? bytes[p]! : -1;
  };
  while (stack.length > 0) {
    const d = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo <= 24) {
      // Small buckets: insertion sort, comparing from byte d on; ties keep id order (stable).
      for (let i = lo + 1; i < hi; i++) {
        const x = a[i]!;
        let j = i - 1;
        while (j >= lo && compareFrom(a[j]!, x, d, bytes, offsets) > 0) {
          a[j + 1] = a[j]!;
          j--;
        }
        a[j + 1] = x;
      }
      continue;
    }
    counts.fill(0);
    for (let i = lo; i < hi; i++) counts[at(a[i]!, d) + 1]!++;
    let sum = lo;
    const starts = new Uint32Array(257);
    for (let c = 0; c < 257; c++) {
      starts[c] = sum;
      sum += counts[c]!;
    }
    const pos = starts.slice();
    for (let i = lo; i < hi; i++) tmp[pos[at(a[i]!, d) + 1]!++] = a[i]!;
    a.set(tmp.subarray(lo, hi), lo);
    // Bucket 0 holds tokens that ended: done. Others are sorted on the next byte.
    for (let c = 1; c < 257; c++) {
      if (counts[c]! > 1) stack.push(starts[c]!, starts[c]! + counts[c]!, d + 1);
    }
  }
  return a;
}

/** Token order in the trie, comparing tokens x and y from byte `d` on: by bytes (a prefix first), then by id. */
export function compareFrom(x: number, y: number, d: number, bytes: Uint8Array, offsets: Uint32Array): number {
  const xs = offsets[x]! + d;
  const xe = offsets[x + 1]!;
  const ys = offsets[y]! + d;
  const ye = offsets[y + 1]!;
  const n = Math.min(xe - xs, ye - ys);
  for (let i = 0; i < n; i++) {
    const diff = bytes[xs + i]! - bytes[ys + i]!;
    if (diff !== 0) return diff;
  }
  return xe - xs - (ye - ys) || x - y;
}
