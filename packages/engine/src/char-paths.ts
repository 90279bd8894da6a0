import { intersectRanges, normalizeRanges, type CodepointRange } from "@toolmask/grammar";
import type { Automata } from "./automata.js";
import { StateFlag } from "./compiled-grammar.js";

/**
 * The characters that take automaton state `start` to a state satisfying `ends`, through
 * intermediate states that have nothing but byte edges (so no rule can finish or be called in
 * the middle of a character).
 */
export function charactersFrom(g: Automata, start: number, ends: (state: number) => boolean): CodepointRange[] {
  const out: CodepointRange[] = [];
  for (const [t, ranges] of charactersByTarget(g, start)) if (ends(t)) out.push(...ranges);
  return normalizeRanges(out);
}

/**
 * Every whole character state `start` can read, grouped by the state it leads to (through
 * intermediate states that have nothing but byte edges). Characters are enumerated by UTF-8
 * length and by runs of bytes in the same byte class, which the automaton cannot tell apart, so
 * the work is small even for the whole of Unicode. Kept per automaton state: classifying asks
 * for the same states again and again (the loop every key position steps into).
 */
export function charactersByTarget(g: Automata, start: number): ReadonlyMap<number, CodepointRange[]> {
  let perState = byTarget.get(g);
  if (!perState) byTarget.set(g, (perState = new Map()));
  const known = perState.get(start);
  if (known) return known;
  const step = (s: number, b: number): number => g.next(s, g.byteClass[b]!);
  const through = (s: number): boolean => s >= 0 && g.stateFlags[s] === StateFlag.HasByteEdges;
  const lists = new Map<number, CodepointRange[]>();
  const push = (into: Map<number, CodepointRange[]>, t: number, lo: number, hi: number): void => {
    const list = into.get(t);
    if (list) list.push([lo, hi]);
    else into.set(t, [[lo, hi]]);
  };
  for (let b = 0; b < 0x80; b++) {
    const t = step(start, b);
    if (t >= 0) push(lists, t, b, b);
  }
  // Multi-byte characters: lead byte, then continuation bytes within UTF-8's valid ranges. The
  // code point bits the continuation bytes add are computed per (state, bytes left) once: bytes
  // of one byte class lead to the same state, so their suffixes are the same.
  const memo = new Map<string, Map<number, CodepointRange[]>>();
  for (let lead = 0xc2; lead <= 0xf4; lead++) {
    const t1 = step(start, lead);
    if (!through(t1)) continue;
    const n = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
    const base = lead < 0xe0 ? (lead & 0x1f) << 6 : lead < 0xf0 ? (lead & 0x0f) << 12 : (lead & 0x07) << 18;
    const [firstLo, firstHi] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (const [t, ranges] of suffixes(t1, n, firstLo, firstHi)) for (const [lo, hi] of ranges) push(lists, t, base | lo, base | hi);
  }
  const out = new Map<number, CodepointRange[]>();
  for (const [t, list] of lists) out.set(t, normalizeRanges(list));
  perState.set(start, out);
  return out;

  /**
   * The low 6·left bits of the code points that `left` continuation bytes (the first within
   * [lo, hi]) add on the way from `s`, per state reached, as sorted ranges.
   */
  function suffixes(s: number, left: number, lo: number, hi: number): Map<number, CodepointRange[]> {
    const key = `${s},${left},${lo},${hi}`;
    const known = memo.get(key);
    if (known) return known;
    const shift = 6 * (left - 1);
    const low = (1 << shift) - 1;
    const result = new Map<number, CodepointRange[]>();
    for (const [a, z] of classRuns(g, lo, hi)) {
      const t = step(s, a);
      const from = (a & 0x3f) << shift;
      const to = ((z & 0x3f) << shift) | low;
      if (left === 1) {
        if (t >= 0) push(result, t, from, to);
        continue;
      }
      if (!through(t)) continue;
      for (const [target, rest] of suffixes(t, left - 1, 0x80, 0xbf)) {
        // Every value of the lower bits reaches `target`: the whole run does.
        if (rest.length === 1 && rest[0]![0] === 0 && rest[0]![1] === low) push(result, target, from, to);
        else for (let c = a; c <= z; c++) for (const [l, h] of rest) push(result, target, ((c & 0x3f) << shift) | l, ((c & 0x3f) << shift) | h);
      }
    }
    for (const [t, list] of result) result.set(t, mergeSorted(list));
    memo.set(key, result);
    return result;
  }
}

const byTarget = new WeakMap<Automata, Map<number, ReadonlyMap<number, CodepointRange[]>>>();

/** Adjacent or overlapping ranges, already in order, merged. */
function mergeSorted(ranges: CodepointRange[]): CodepointRange[] {
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Byte ranges within [lo, hi] that fall in one byte class each. */
function classRuns(g: Automata, lo: number, hi: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = lo;
  for (let b = lo + 1; b <= hi + 1; b++) {
    if (b > hi || g.byteClass[b] !== g.byteClass[start]) {
      runs.push([start, b - 1]);
      start = b;
    }
  }
  return runs;
}

/**
 * Characters on which state `s` comes back to itself. The state has byte edges and nothing else
 * (it may be accepting only if `accepting` allows it: then its rule may end between characters).
 */
export function loopCharacters(g: Automata, s: number, accepting = false): CodepointRange[] {
  if (accepting ? !plainState(g, s) : g.stateFlags[s] !== StateFlag.HasByteEdges) return [];
  return charactersByTarget(g, s).get(s) ?? [];
}

/**
 * Characters that are each one whole copy of a counted repeat's item: they take the item rule's
 * start state to an accepting state with no edges at all (nothing more can be read in that copy).
 */
export function itemCharacters(g: Automata, repeatRule: number): CodepointRange[] {
  const item = g.repeatItem[repeatRule]!;
  if (item < 0) return [];
  const start = g.startOf(item);
  if (start < 0 || g.stateFlags[start] !== StateFlag.HasByteEdges) return [];
  return charactersFrom(g, start, (t) => g.stateFlags[t] === StateFlag.Accepting);
}

/**
 * For a state that is not itself a character loop: the loop state most characters lead into
 * (after one whole character through byte-only states), with the characters that do. The
 * "any key but the declared ones" rule is like this: after its opening quote, every character but
 * the keys' first letters enters a string's inside. The loop state may be accepting (a key's
 * text, whose rule ends where the closing quote begins).
 */
export function stepIntoLoop(g: Automata, s: number): { loop: number; via: CodepointRange[] } | null {
  if ((g.stateFlags[s]! & StateFlag.HasByteEdges) === 0) return null;
  // Candidate targets: states reached by one character that loop on characters themselves. The
  // one most characters reach wins (the first of equals), so candidates are tried from the most
  // characters down and the first loop found is the answer: a key position's other targets, the
  // next letters of the declared names, are not looked into.
  const candidates: { t: number; n: number }[] = [];
  for (const [t, ranges] of charactersByTarget(g, s)) if (t !== s) candidates.push({ t, n: size(ranges) });
  candidates.sort((a, b) => b.n - a.n); // stable: equals keep their order
  for (const { t } of candidates) if (loopCharacters(g, t, true).length > 0) return { loop: t, via: charactersByTarget(g, s).get(t)! };
  return null;
}

/** States a closure may hold before `closedCharacters` gives up (the automaton is built as it looks). */
const MAX_CLOSURE = 64;

/**
 * Characters K with which state `s` can never go wrong: every state that strings of K lead to
 * from `s` (through byte-only states) takes every character of K, and has nothing but byte
 * edges. Every token made of K's characters is then valid from `s`, whichever of those states
 * it passes through — so its slice is interior, as for a state that loops on K. A pattern's
 * automaton inside a string is often like this without any state looping on all of K: for
 * "contains a date", each state tracks how much of a date it has seen, every string character
 * keeps it alive, and none loops on them all. Characters that lead into states taking few
 * characters (an escape's second character) are left out of K first. Empty when there is no
 * such K, or the closure is too large to look at.
 */
export function closedCharacters(g: Automata, s: number): CodepointRange[] {
  if (!plainState(g, s)) return [];
  const total = size(acceptedCharacters(g, s));
  let k = normalizeRanges([...charactersByTarget(g, s)].filter(([t]) => 2 * size(acceptedCharacters(g, t)) >= total).flatMap(([, r]) => r));
  for (let round = 0; round < 4 && k.length > 0; round++) {
    const seen = new Set([s]);
    const queue = [s];
    let common = k;
    while (queue.length > 0) {
      const q = queue.pop()!;
      if (!plainState(g, q)) return [];
      common = intersectRanges(common, acceptedCharacters(g, q));
      for (const [t, ranges] of charactersByTarget(g, q)) {
        if (seen.has(t) || intersectRanges(ranges, k).length === 0) continue;
        if (seen.size >= MAX_CLOSURE) return [];
        seen.add(t);
        queue.push(t);
      }
    }
    // `common` is part of `k`: as large means the same.
    if (size(common) === size(k)) return k;
    k = common;
  }
  return [];
}

/** A state with nothing but byte edges, accepting or not. */
function plainState(g: Automata, q: number): boolean {
  const f = g.stateFlags[q]!;
  return f === StateFlag.HasByteEdges || f === (StateFlag.HasByteEdges | StateFlag.Accepting);
}

/** Every whole character state `q` can read (cached per automaton state). */
function acceptedCharacters(g: Automata, q: number): CodepointRange[] {
  let perState = accepted.get(g);
  if (!perState) accepted.set(g, (perState = new Map()));
  let known = perState.get(q);
  if (!known) perState.set(q, (known = normalizeRanges([...charactersByTarget(g, q).values()].flat())));
  return known;
}

const accepted = new WeakMap<Automata, Map<number, CodepointRange[]>>();

/** Code points in normalized ranges. */
function size(ranges: readonly CodepointRange[]): number {
  let n = 0;
  for (const [lo, hi] of ranges) n += hi - lo + 1;
  return n;
}
