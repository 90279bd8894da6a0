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

/**
 * Stand-in for an unbounded repeat maximum in integer tables. Repeat counts are 32-bit: a
 * maximum of 2^31 − 1 copies or more counts as unbounded and a minimum is capped just below it —
 * the language differs only for outputs of two billion copies, which no model writes.
 */
export const UNBOUNDED = 0x7fffffff;
