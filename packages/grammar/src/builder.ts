import { checkDepth } from "./depth.js";
import { GrammarError } from "./errors.js";
import { ref, type Expr, type Grammar, type RuleRef } from "./ir.js";

/**
 * Assembles a grammar from parts written separately (a JSON-Schema grammar inside a tool-call
 * format, say) without name clashes: every rule gets a unique, printable name.
 *
 * @example
 * const b = new GrammarBuilder();
 * const args = b.include(argumentsGrammar, "args");
 * const g = b.build(seq(literal("<tool_call>"), args, literal("</tool_call>")));
 */
export class GrammarBuilder {
  private readonly rules = new Map<string, Expr>();
  private readonly reserved = new Set<string>();

  /** A fresh rule name derived from `base` (characters a printer cannot spell become `_`). */
  fresh(base: string): string {
    let stem = base;
    if (!isPrintableName(stem)) {
      stem = base.replace(/[^A-Za-z0-9_-]/g, "_");
      if (!/^[A-Za-z_]/.test(stem)) stem = `r_${stem}`;
    }
    let name = stem;
    for (let i = 2; this.reserved.has(name); i++) name = `${stem}_${i}`;
    this.reserved.add(name);
    return name;
  }

  /** Defines a rule under a name obtained from {@link fresh} (or reserved by it). */
  define(name: string, body: Expr): RuleRef {
    if (this.rules.has(name)) throw new GrammarError("duplicate_rule", `rule "${name}" is defined twice`, name);
    this.reserved.add(name);
    this.rules.set(name, body);
    return ref(name);
  }

  /** Defines a rule under a fresh name derived from `base` and returns a reference to it. */
  rule(base: string, body: Expr): RuleRef {
    return this.define(this.fresh(base), body);
  }

  /** True once `name` has a body. */
  has(name: string): boolean {
    return this.rules.has(name);
  }

  /** Copies every rule of `g` under fresh names prefixed by `prefix`; returns a reference to its start rule. */
  include(g: Grammar, prefix: string): RuleRef {
    const renamed = new Map<string, string>();
    for (const name of g.rules.keys()) renamed.set(name, this.fresh(`${prefix}_${name}`));
    for (const [name, body] of g.rules) this.define(renamed.get(name)!, renameAt(body, renamed, name, 0));
    return ref(renamed.get(g.start)!);
  }

  /** The grammar whose start rule is `start` (a rule name, or an expression to become rule `root`). */
  build(start: string | Expr): Grammar {
    let startName: string;
    if (typeof start === "string") {
      startName = start;
    } else {
      startName = this.reserved.has("root") ? this.fresh("root") : "root";
      this.reserved.add(startName);
      this.rules.set(startName, start);
    }
    const rules = new Map<string, Expr>();
    if (this.rules.has(startName)) rules.set(startName, this.rules.get(startName)!);
    for (const [name, body] of this.rules) if (name !== startName) rules.set(name, body);
    return { start: startName, rules };
  }
}

/**
 * Whether `name` is printable as it is (`[A-Za-z_][A-Za-z0-9_-]*`): most names a builder is
 * given already are, and checking costs less than rewriting.
 */
function isPrintableName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (i > 0 && ((c >= 0x30 && c <= 0x39) || c === 0x2d));
    if (!ok) return false;
  }
  return true;
}

/**
 * `e` with rule references renamed through `names` (names not in the map are kept). Parts with
 * nothing renamed are shared, not copied: a tool set's string and number rules stay the same
 * objects in every tool, and per-object caches downstream stay warm. IR nested past
 * MAX_EXPR_DEPTH is `GrammarError("expression_too_deep")`.
 */
export function renameRefs(e: Expr, names: ReadonlyMap<string, string>): Expr {
  return renameAt(e, names, undefined, 0);
}

/** {@link renameRefs} of `e`, nested `depth` levels in rule `rule` (past MAX_EXPR_DEPTH a GrammarError, not a stack overflow). */
function renameAt(e: Expr, names: ReadonlyMap<string, string>, rule: string | undefined, depth: number): Expr {
  checkDepth(rule, depth);
  switch (e.kind) {
    case "ref": {
      const name = names.get(e.name);
      return name === undefined || name === e.name ? e : ref(name);
    }
    case "sequence":
    case "choice": {
      let items: Expr[] | null = null;
      for (let i = 0; i < e.items.length; i++) {
        const x = renameAt(e.items[i]!, names, rule, depth + 1);
        if (x !== e.items[i] && !items) items = e.items.slice(0, i);
        items?.push(x);
      }
      return items ? { kind: e.kind, items } : e;
    }
    case "repeat": {
      const item = renameAt(e.item, names, rule, depth + 1);
      return item === e.item ? e : { ...e, item };
    }
    default:
      return e;
  }
}
