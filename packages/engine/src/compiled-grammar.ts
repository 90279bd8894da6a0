import type { Vocabulary } from "./vocabulary.js";

/** Bit flags of an automaton state. */
export const enum StateFlag {
  Accepting = 1,
  HasNtEdges = 2,
  HasTokenEdges = 4,
  HasByteEdges = 8,
  /** The single state of a counted-repeat rule: accepting and waiting depend on the item's count. */
  Repeat = 16,
  /** A rule's "done" marker: accepting, no edges; used to complete a rule from outside. */
  Done = 32,
}

/** Stand-in for an unbounded repeat maximum in integer tables. */
export const UNBOUNDED = 0x7fffffff;

/**
 * A grammar compiled for one vocabulary: every rule is a deterministic automaton over byte
 * classes, rule calls and special tokens, stored in flat typed arrays. Immutable once built and
 * shared by all matchers; its mask and key caches fill as matchers use it.
 */
export interface CompiledTables {
  readonly vocab: Vocabulary;
  readonly startRule: number;
  readonly ruleNames: readonly string[];
  // Rules
  readonly ruleStart: Int32Array;
  readonly ruleDone: Int32Array;
  readonly ruleNullable: Uint8Array;
  /** For counted repeats: the repeated rule, or -1 for ordinary rules. */
  readonly repeatItem: Int32Array;
  readonly repeatMin: Int32Array;
  /** UNBOUNDED for no upper bound. */
  readonly repeatMax: Int32Array;
  /** Interned structural signature, equal for identical rules of different grammars (same vocabulary). */
  readonly ruleSignature: Int32Array;
  // States
  readonly numStates: number;
  readonly stateRule: Int32Array;
  readonly stateFlags: Uint8Array;
  /** Index of the state within its rule, in a canonical order (for signatures). */
  readonly stateLocal: Int32Array;
  /** Byte transitions: `trans[state * numClasses + byteClass[b]]`, -1 for none. */
  readonly trans: Int32Array;
  readonly numClasses: number;
  readonly byteClass: Uint8Array;
  /** Rule-call edges of state s: indices ntStart[s] .. ntStart[s+1] into ntRule / ntTarget. */
  readonly ntStart: Int32Array;
  readonly ntRule: Int32Array;
  readonly ntTarget: Int32Array;
  /** Special-token edges, laid out like the rule-call edges. */
  readonly tokStart: Int32Array;
  readonly tokId: Int32Array;
  readonly tokTarget: Int32Array;
  /**
   * Counts past this are indistinguishable within one token: no token has more bytes, so it
   * cannot complete more repetitions. Cache keys clamp counts to it.
   */
  readonly countHorizon: number;
}
