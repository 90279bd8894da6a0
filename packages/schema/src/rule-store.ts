import { forEachRef, type Expr, type Grammar } from "@toolmask/grammar";
import type { RuleSink } from "./dfa.js";

/** Where the compiler puts rules: names are reserved before bodies exist (recursive schemas refer to a rule while compiling it). */
export interface Rules extends RuleSink {
  has(name: string): boolean;
}

/**
 * The rules of the grammar being compiled. Names are derived from where a rule comes from
 * (a property name, `items`...) and made unique with a suffix. One store may hold the rules of
 * several schemas ({@link scoped} views name each schema's rules apart) that share the lexical
 * rules (strings, numbers, whitespace).
 */
export class RuleStore implements Rules {
  private readonly bodies = new Map<string, Expr>();
  private readonly reserved = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  reserve(base: string): string {
    const stem = stemOf(base);
    let name = stem;
    let i = this.nextSuffix.get(stem) ?? 2;
    while (this.reserved.has(name)) name = `${stem}_${i++}`;
    this.nextSuffix.set(stem, i);
    this.reserved.add(name);
    return name;
  }

  define(name: string, body: Expr): void {
    this.bodies.set(name, body);
  }

  has(name: string): boolean {
    return this.bodies.has(name);
  }

  /** A view whose new rules are named `prefix_base` and counted by `onRule` (the budget of one schema). */
  scoped(prefix: string, onRule: () => void): Rules {
    return {
      reserve: (base) => {
        onRule();
        return this.reserve(prefix === "" ? base : `${prefix}_${base}`);
      },
      define: (name, body) => this.define(name, body),
      has: (name) => this.has(name),
    };
  }

  /**
   * The rules reachable from `starts`, in first-reached order, not entering rules `known` holds.
   * (Identical subschemas already
   * share one rule: the compiler memoizes values by schema content.)
   */
  reachable(starts: readonly string[], known?: { has(name: string): boolean }): Map<string, Expr> {
    const out = new Map<string, Expr>();
    const stack = starts.slice().reverse();
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (out.has(name) || known?.has(name)) continue;
      const body = this.bodies.get(name);
      if (!body) continue;
      out.set(name, body);
      const refs: string[] = [];
      forEachRef(body, (n) => {
        if (!out.has(n) && !known?.has(n)) refs.push(n);
      });
      for (let i = refs.length - 1; i >= 0; i--) stack.push(refs[i]!);
    }
    return out;
  }

  /** The grammar of the rules reachable from `start`. */
  build(start: string): Grammar {
    return { start, rules: this.reachable([start]) };
  }
}

const stems = new Map<string, string>();

/** A printable rule name stem for a base (property names can hold any character). */
function stemOf(base: string): string {
  if (isStem(base)) return base;
  let stem = stems.get(base);
  if (stem === undefined) {
    stem = base.replace(/[^A-Za-z0-9_]/g, "_").replace(/_+/g, "_").replace(/^_|_$/g, "");
    if (!/^[A-Za-z]/.test(stem)) stem = `r_${stem}`;
    if (stem.length > 40) stem = stem.slice(0, 40).replace(/_$/, "");
    if (stems.size < 10_000) stems.set(base, stem);
  }
  return stem;
}

/** Whether a base is already a stem (the usual case: names built from stems and property names). */
function isStem(base: string): boolean {
  const n = base.length;
  if (n === 0 || n > 40) return false;
  let prev = 0x5f;
  for (let i = 0; i < n; i++) {
    const c = base.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (i === 0 ? !letter : !(letter || (c >= 0x30 && c <= 0x39) || (c === 0x5f && prev !== 0x5f))) return false;
    prev = c;
  }
  return prev !== 0x5f;
}
