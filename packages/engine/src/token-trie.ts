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

/**
 * Builds the trie from token ids and their bytes (`bytes` holds them back to back, token `k` at
 * `offsets[k] .. offsets[k+1]`).
 */
export function buildTokenTrie(ids: Uint32Array, bytes: Uint8Array, offsets: Uint32Array): TokenTrie {
  const n = ids.length;
  // Sorting Latin-1 strings orders them exactly by bytes, and the engine's native string
  // comparison is far faster than a comparator over byte arrays.
  const keys: string[] = new Array(n);
  for (let k = 0; k < n; k++) keys[k] = latin1(bytes, offsets[k]!, offsets[k + 1]!);
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : ids[a]! - ids[b]!));

  let capacity = 1024;
  let byte = new Uint8Array(capacity);
  let depth = new Uint16Array(capacity);
  let subtreeEnd = new Uint32Array(capacity);
  let tokenStart = new Uint32Array(capacity);
  let tokenEnd = new Uint32Array(capacity);
  const tokenIds = new Uint32Array(n);
  let size = 0;
  let maxDepth = 0;
  const open: number[] = []; // open[d] = node at depth d+1 on the current path
  let prev = "";

  const grow = (): void => {
    capacity *= 2;
    const b = new Uint8Array(capacity);
    b.set(byte);
    byte = b;
    const d = new Uint16Array(capacity);
    d.set(depth);
    depth = d;
    const e = new Uint32Array(capacity);
    e.set(subtreeEnd);
    subtreeEnd = e;
    const s = new Uint32Array(capacity);
    s.set(tokenStart);
    tokenStart = s;
    const t = new Uint32Array(capacity);
    t.set(tokenEnd);
    tokenEnd = t;
  };

  for (let r = 0; r < n; r++) {
    const k = order[r]!;
    const key = keys[k]!;
    let common = 0;
    while (common < prev.length && common < key.length && prev.charCodeAt(common) === key.charCodeAt(common)) common++;
    while (open.length > common) subtreeEnd[open.pop()!] = size;
    for (let i = common; i < key.length; i++) {
      if (size === capacity) grow();
      byte[size] = key.charCodeAt(i);
      depth[size] = i + 1;
      tokenStart[size] = r;
      tokenEnd[size] = r;
      open.push(size++);
    }
    if (key.length > maxDepth) maxDepth = key.length;
    const node = open[key.length - 1]!;
    if (tokenEnd[node] === tokenStart[node]) tokenStart[node] = r;
    tokenEnd[node] = r + 1;
    tokenIds[r] = ids[k]!;
    prev = key;
  }
  while (open.length > 0) subtreeEnd[open.pop()!] = size;
  return {
    size,
    byte: byte.slice(0, size),
    depth: depth.slice(0, size),
    subtreeEnd: subtreeEnd.slice(0, size),
    tokenStart: tokenStart.slice(0, size),
    tokenEnd: tokenEnd.slice(0, size),
    tokenIds,
    maxDepth,
  };
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i += 4096) s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  return s;
}
