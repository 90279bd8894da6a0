import type { Expr } from "@toolmask/grammar";
import { T_STRING, type Conj } from "./constraints.js";
import type { CompileContext } from "./context.js";
import { AutomatonLimit, type Dfa } from "./dfa.js";
import { choiceOf } from "./expr-util.js";
import type { Normalizer } from "./normalize.js";
import { patternMatches } from "./pattern-test.js";
import { alt, type Rx } from "./regex.js";
import type { SchemaNode } from "./schema-document.js";
import { StringAutomata } from "./string-automaton.js";
import { wellFormed, type StringCompiler, type StringSpec } from "./strings.js";

/** Keys of one kind of undeclared property and the schemas their values must satisfy. */
export interface KeyGroup {
  /** The key as a quoted JSON string grammar. */
  readonly key: Expr;
  readonly values: readonly SchemaNode[];
}

/** More pattern classes than this would need too many key classes (one per subset). */
const MAX_PATTERN_CLASSES = 4;

/** The patterns of one schema object that share a value schema: a key matching any of them gets that schema. */
interface PatternClass {
  readonly part: number;
  readonly sources: readonly string[];
  readonly schema: SchemaNode;
}

/**
 * The keys an object may have besides its declared properties, grouped by the schemas their
 * values must satisfy. A key's schemas depend on which `patternProperties` patterns it matches
 * (and `additionalProperties` where a schema object's patterns match none), so the key space is
 * split by pattern membership; every group excludes the declared names, and keys must satisfy
 * `propertyNames`. Patterns of one schema object with the same value schema act as one (their
 * union), which keeps the split small. Without patterns the keys are a trie of the declared
 * names' complement; one pattern class with other keys refused is the pattern itself; otherwise
 * character automata do the set algebra.
 */
export function additionalKeyGroups(c: Conj, norm: Normalizer, strings: StringCompiler, ctx: CompileContext, base: string): KeyGroup[] {
  const excluded = [...new Set([...norm.declaredNames(c), ...c.forbidden])].filter(wellFormed);
  const parts = c.objectParts;
  const refused = norm.refusesOtherKeys(c);
  const classes: PatternClass[] = [];
  parts.forEach((part, i) => {
    const bySchema = new Map<string, { sources: string[]; schema: SchemaNode }>();
    for (const p of part.patterns) {
      const k = norm.nodeKey(p.schema);
      const g = bySchema.get(k);
      if (g) g.sources.push(p.source);
      else bySchema.set(k, { sources: [p.source], schema: p.schema });
    }
    for (const g of bySchema.values()) classes.push({ part: i, ...g });
  });

  /** The schemas of a key matching exactly the classes in `matched`; undefined if such a key is not allowed. */
  const valuesFor = (matched: ReadonlySet<number>): SchemaNode[] | undefined => {
    if (matched.size === 0 && refused) return undefined;
    const list: SchemaNode[] = [];
    parts.forEach((part, i) => {
      const own = classes.filter((cl, j) => cl.part === i && matched.has(j));
      if (own.length > 0) list.push(...own.map((cl) => cl.schema));
      else if (part.additional) list.push(part.additional);
    });
    return list.some((sn) => sn.node === false) ? undefined : list;
  };

  const names = propertyNameSpecs(c, norm, strings, excluded);
  if (names === undefined) return [];
  // Patterns only matter when a matching key's schemas differ from a non-matching key's.
  const patternsMatter = classes.length > 0 && (refused || parts.some((p) => p.patterns.length > 0 && (p.additional !== undefined || p.patterns.some((x) => !norm.isTrivial(x.schema)))));
  if (!patternsMatter) {
    const values = valuesFor(new Set());
    if (!values) return [];
    const key = names === null ? strings.notIn(excluded, 0, Infinity) : choiceOrUndefined(names.flatMap((n) => (n.literals ? n.literals.map((k) => strings.literal(k)) : [strings.expr(n.spec, `${base}_key`)])));
    return key ? [{ key, values }] : [];
  }

  const pointer = parts.find((p) => p.patterns.length > 0)!.pointer;
  const rxs: Rx[] = [];
  for (const cl of classes) {
    const alts: Rx[] = [];
    for (const source of cl.sources) {
      const rx = strings.pattern(source, pointer, "patternProperties");
      if (!rx) return lenientFallback(strings, excluded, parts);
      alts.push(rx);
    }
    rxs.push(alt(alts));
  }
  // The common case needs no automaton: one class, other keys refused, no declared name
  // matching it. The key is then the patterns themselves, which keep their structure (counted
  // repetitions stay counters).
  if (classes.length === 1 && !valuesFor(new Set()) && names === null && !excluded.some((n) => classes[0]!.sources.some((src) => patternMatches(src, n)))) {
    const values = valuesFor(new Set([0]));
    const key = values && strings.quotedLanguage(rxs[0]!, `${base}_key`, pointer);
    return key && values ? [{ key, values }] : [];
  }
  if (classes.length > MAX_PATTERN_CLASSES) {
    ctx.unsupported(pointer, "patternProperties", `${classes.length} patternProperties patterns with different schemas would split keys into ${2 ** classes.length} classes`);
    return lenientFallback(strings, excluded, parts);
  }
  try {
    const nameSpecs = names ?? [];
    // A declared name can only collide with keys of the class it falls in itself, and only
    // classes whose keys are allowed need excluding it.
    const maskOf = (name: string): number => classes.reduce((m, cl, i) => (cl.sources.some((src) => patternMatches(src, name)) ? m | (1 << i) : m), 0);
    const allowedMask = (mask: number): boolean => valuesFor(new Set(classes.map((_, i) => i).filter((i) => mask & (1 << i)))) !== undefined;
    const excludedBy = new Map<number, string[]>();
    for (const name of excluded) {
      const m = maskOf(name);
      if (!allowedMask(m)) continue;
      let list = excludedBy.get(m);
      if (!list) excludedBy.set(m, (list = []));
      list.push(name);
    }
    const sets = [...rxs.flatMap((rx) => StringAutomata.setsOf(rx)), ...nameSpecs.flatMap((n) => [...n.spec.languages, ...n.spec.notLanguages].flatMap((l) => StringAutomata.setsOf(l.rx)))];
    const literalNames = nameSpecs.flatMap((n) => [...(n.literals ?? []), ...n.spec.notIn]);
    const A = new StringAutomata([...sets, ...StringAutomata.singletons([...[...excludedBy.values()].flat(), ...literalNames])], ctx.options.budget.automatonStates);
    let named: Dfa | undefined = A.lengths(0, Infinity);
    if (names !== null) {
      let nameDfa: Dfa | undefined;
      for (const n of nameSpecs) nameDfa = strings.or(nameDfa, n.literals ? A.finite(n.literals) : strings.languageDfa(A, n.spec));
      named = A.and(named, nameDfa);
    }
    const classDfas = rxs.map((rx) => A.fromRx(rx));
    const groups = new Map<string, { dfa: Dfa | undefined; values: SchemaNode[] }>();
    for (let mask = 0; mask < 2 ** classes.length; mask++) {
      const matched = new Set(classes.map((_, i) => i).filter((i) => mask & (1 << i)));
      const values = valuesFor(matched);
      if (!values) continue;
      let dfa = named;
      classDfas.forEach((p, i) => (dfa = A.and(dfa, mask & (1 << i) ? p : A.not(p))));
      const clash = excludedBy.get(mask);
      if (clash) dfa = A.and(dfa, A.not(A.finite(clash)));
      if (!dfa) continue;
      const k = norm.listKey(values);
      const g = groups.get(k);
      if (g) g.dfa = strings.or(g.dfa, dfa);
      else groups.set(k, { dfa, values });
    }
    const out: KeyGroup[] = [];
    for (const g of groups.values()) {
      const key = g.dfa && strings.dfaExpr(A, g.dfa, `${base}_key`);
      if (key) out.push({ key, values: g.values });
    }
    return out;
  } catch (e) {
    if (!(e instanceof AutomatonLimit)) throw e;
    ctx.unsupported(pointer, "patternProperties", `splitting keys by patternProperties needs an automaton of more than ${ctx.options.budget.automatonStates} states`);
    return lenientFallback(strings, excluded, parts);
  }
}

interface NameSpec {
  readonly spec: StringSpec;
  /** Set when propertyNames is an enum: exactly these keys. */
  readonly literals?: readonly string[];
}

/**
 * What `propertyNames` allows, one spec per alternative, with the declared names it would
 * allow excluded; null when there is no propertyNames, undefined when it allows no key.
 */
function propertyNameSpecs(c: Conj, norm: Normalizer, strings: StringCompiler, excluded: readonly string[]): NameSpec[] | null | undefined {
  if (c.propertyNames.length === 0) return null;
  const out: NameSpec[] = [];
  for (const alt of norm.flattenList(c.propertyNames)) {
    if ((alt.types & T_STRING) === 0) continue;
    const names = { ...alt, types: T_STRING };
    const clash = excluded.filter((n) => norm.checkConj(names, n));
    const spec = strings.specOf({ ...names, notValues: [...names.notValues, ...clash] }, (s) => norm.checkConj(names, s));
    if (alt.enumValues) {
      const literals = alt.enumValues.filter((v): v is string => typeof v === "string" && wellFormed(v) && !excluded.includes(v) && norm.checkConj(names, v));
      out.push({ spec, literals });
    } else out.push({ spec });
  }
  return out.length === 0 ? undefined : out;
}

/** With `lenient`, keys the compiler could not split: any undeclared key, any value (a superset). */
function lenientFallback(strings: StringCompiler, excluded: readonly string[], parts: Conj["objectParts"]): KeyGroup[] {
  const key = strings.notIn(excluded, 0, Infinity);
  const root = parts[0]!;
  return key ? [{ key, values: [{ node: true, pointer: root.pointer, base: "" }] }] : [];
}

function choiceOrUndefined(items: readonly (Expr | undefined)[]): Expr | undefined {
  const defined = items.filter((e): e is Expr => e !== undefined);
  return defined.length === 0 ? undefined : choiceOf(defined);
}
