import {
  T_ALL,
  T_ARRAY,
  T_BOOLEAN,
  T_FRACTION,
  T_INTEGER,
  T_NULL,
  T_NUMBER,
  T_OBJECT,
  T_STRING,
  TOP,
  TYPE_BITS,
  boundOf,
  conj,
  jsonEqual,
  jsonKey,
  mergeConj,
  settleConj,
  typeOf,
  type Conj,
  type ObjectPart,
} from "./constraints.js";
import type { CompileContext } from "./context.js";
import { compareDecimal, decimalOf, isMultipleOf } from "./decimal.js";
import { InvalidSchemaError, SchemaBudgetError, UnsupportedSchemaError, pointerJoin } from "./errors.js";
import { formatAccepts } from "./format-check.js";
import { NUMBER_FORMATS, formatKind } from "./formats.js";
import type { Bound } from "./number-grammar.js";
import { patternMatches } from "./pattern-test.js";
import { isObject, type SchemaNode } from "./schema-document.js";
import { stringsMayExist } from "./strings.js";

/** Keywords that constrain values, by the drafts (as ajv implements them) that give them meaning. */
const COMMON_KEYWORDS = [
  "type", "enum", "const", "nullable", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "multipleOf", "items", "minItems", "maxItems", "contains", "uniqueItems", "properties", "patternProperties",
  "additionalProperties", "required", "minProperties", "maxProperties", "propertyNames", "dependencies", "allOf", "anyOf", "oneOf",
  "not", "if", "then", "else", "$ref",
];
const KEYWORDS_BY_DRAFT: Record<string, readonly string[]> = {
  "draft-04": [...COMMON_KEYWORDS, "additionalItems"],
  "draft-06": [...COMMON_KEYWORDS, "additionalItems"],
  "draft-07": [...COMMON_KEYWORDS, "additionalItems"],
  "2019-09": [...COMMON_KEYWORDS, "additionalItems", "dependentRequired", "dependentSchemas", "minContains", "maxContains", "unevaluatedItems", "unevaluatedProperties", "$recursiveRef"],
  "2020-12": [...COMMON_KEYWORDS, "prefixItems", "dependentRequired", "dependentSchemas", "minContains", "maxContains", "unevaluatedItems", "unevaluatedProperties", "$dynamicRef"],
};
const SUBSCHEMA = new Set(["items", "additionalItems", "contains", "additionalProperties", "propertyNames", "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties"]);
const SUBSCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "items"]);
const SUBSCHEMA_MAP = new Set(["properties", "patternProperties", "dependentSchemas", "dependencies"]);

/**
 * The alternatives a merged alternative was made of (see Normalizer.cross), as ascending ids;
 * an alternative not made by merging is its own single part.
 */
const PARTS = new WeakMap<Conj, readonly number[]>();
let nextPartId = 0;

function partsOf(c: Conj): readonly number[] {
  let parts = PARTS.get(c);
  if (!parts) PARTS.set(c, (parts = [nextPartId++]));
  return parts;
}

/** Whether ascending `a` holds every id of ascending `b`. */
function includes(a: readonly number[], b: readonly number[]): boolean {
  if (b.length > a.length) return false;
  let i = 0;
  for (const x of b) {
    while (i < a.length && a[i]! < x) i++;
    if (i === a.length || a[i] !== x) return false;
  }
  return true;
}

/** The ascending union of ascending `a` and `b`. */
function union(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else if (i === a.length || b[j]! < a[i]!) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  return out;
}

/**
 * The keywords of a schema whose values the normalizer reads before compiling it (see
 * Normalizer.statedValues): `const`, `enum` and `type` beside them; flattening such a schema
 * (or its `not`) is cheap and raises nothing.
 */
const STATED = new Set(["const", "enum", "type"]);

/** A superset of a schema's values: exactly `values` (`only`), or every value but `values`. */
interface StatedValues {
  readonly only: boolean;
  readonly values: ReadonlySet<string>;
}

function intersectStated(a: StatedValues, b: StatedValues): StatedValues {
  if (a.only) return { only: true, values: new Set([...a.values].filter((v) => (b.only ? b.values.has(v) : !b.values.has(v)))) };
  if (b.only) return intersectStated(b, a);
  return { only: false, values: new Set([...a.values, ...b.values]) };
}

function unionStated(a: StatedValues, b: StatedValues): StatedValues {
  if (a.only && b.only) return { only: true, values: new Set([...a.values, ...b.values]) };
  if (a.only) return unionStated(b, a);
  // Every value but a's, joined with b: what neither excludes, less b's own values when b is a list.
  return { only: false, values: new Set([...a.values].filter((v) => (b.only ? !b.values.has(v) : b.values.has(v)))) };
}

/** How deep satisfiability checks look into required properties when proving `oneOf` branches disjoint. */
const DISJOINT_DEPTH = 4;
/** States of the character automaton a satisfiability check builds for a string's patterns before it gives up (says "may be satisfiable"). */
const SATISFIABLE_STATES = 512;
/** Groups of JSON types whose `oneOf` overlaps are worked out separately (see `oneOf`). */
const ONE_OF_TYPE_GROUPS = [T_OBJECT, T_ARRAY, T_STRING, T_NUMBER, T_NULL | T_BOOLEAN];

/** Raised inside negation when a keyword has no exact complement; the caller reports it. */
class NotNegatable extends Error {
  constructor(
    readonly pointer: string,
    readonly keyword: string,
  ) {
    super(`${keyword} at ${pointer} cannot be negated`);
  }
}

/**
 * Turns schemas into disjunctions of {@link Conj}: `$ref`s resolved, `allOf` merged, `anyOf`,
 * `oneOf`, `not`, `if`/`then`/`else` and dependencies expanded into alternatives. Everything
 * it does is exact; what it cannot do exactly it reports through the context.
 */
export class Normalizer {
  private readonly keywords: ReadonlySet<string>;
  private readonly schemaKeys = new Map<object, string>();
  private readonly valueKeys = new Map<object, string>();
  private readonly interned = new Map<string, string>();
  private readonly flattened = new Map<string, readonly Conj[]>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly ctx: CompileContext) {
    this.keywords = new Set(KEYWORDS_BY_DRAFT[ctx.doc.draft]);
  }

  /** A key equal for subschemas with the same meaning here (annotations are ignored). */
  nodeKey(sn: SchemaNode): string {
    const k = this.schemaKey(sn.node);
    return this.ctx.doc.nestedIds ? `${k}@${sn.base}` : k;
  }

  listKey(list: readonly SchemaNode[]): string {
    const keys = [...new Set(list.map((sn) => this.nodeKey(sn)))].sort();
    return keys.join("&");
  }

  private intern(s: string): string {
    if (s.length < 24) return s;
    let id = this.interned.get(s);
    if (id === undefined) {
      id = `#${this.interned.size}`;
      this.interned.set(s, id);
    }
    return id;
  }

  private schemaKey(node: unknown): string {
    if (!isObject(node)) return JSON.stringify(node) ?? "undefined";
    const cached = this.schemaKeys.get(node);
    if (cached !== undefined) return cached;
    const parts: string[] = [];
    for (const k of Object.keys(node).sort()) {
      if (!this.keywords.has(k)) continue;
      const v = node[k];
      let vk: string;
      if (SUBSCHEMA_LIST.has(k) && Array.isArray(v)) vk = `[${v.map((x) => this.schemaKey(x)).join(",")}]`;
      else if (SUBSCHEMA.has(k)) vk = this.schemaKey(v);
      else if (SUBSCHEMA_MAP.has(k) && isObject(v)) vk = `{${Object.entries(v).map(([n, x]) => `${JSON.stringify(n)}:${Array.isArray(x) ? this.valueKey(x) : this.schemaKey(x)}`).join(",")}}`;
      else vk = this.valueKey(v);
      parts.push(`${k}=${vk}`);
    }
    const key = this.intern(`{${parts.join(";")}}`);
    this.schemaKeys.set(node, key);
    return key;
  }

  private valueKey(v: unknown): string {
    if (typeof v !== "object" || v === null) return JSON.stringify(v) ?? "undefined";
    const cached = this.valueKeys.get(v);
    if (cached !== undefined) return cached;
    const key = this.intern(jsonKey(v));
    this.valueKeys.set(v, key);
    return key;
  }

  /** The alternatives a value of `sn` must match one of (empty: nothing matches). */
  flatten(sn: SchemaNode): readonly Conj[] {
    if (sn.node === true) return [TOP];
    if (sn.node === false) return [];
    const key = this.nodeKey(sn);
    const cached = this.flattened.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) {
      throw new UnsupportedSchemaError(sn.pointer, "$ref", "the schema refers to itself without an object or array in between, so it never describes a value");
    }
    this.ctx.enter(sn.pointer);
    this.inProgress.add(key);
    try {
      const out = this.expand(sn);
      this.flattened.set(key, out);
      return out;
    } finally {
      this.inProgress.delete(key);
      this.ctx.leave();
    }
  }

  /** Alternatives for a value that must satisfy every schema of `list`. */
  flattenList(list: readonly SchemaNode[]): readonly Conj[] {
    let alts: readonly Conj[] = [TOP];
    // A conjunction is idempotent: a schema listed twice (merged in from two places) counts once.
    const seen = new Set<string>();
    for (const sn of list) {
      const key = this.nodeKey(sn);
      if (seen.has(key)) continue;
      seen.add(key);
      alts = this.cross(alts, this.flatten(sn), sn.pointer);
    }
    return alts;
  }

  /** True if `sn` allows every value. */
  isTrivial(sn: SchemaNode): boolean {
    if (sn.node === true) return true;
    if (!isObject(sn.node)) return false;
    if (!Object.keys(sn.node).some((k) => this.keywords.has(k))) return true;
    const f = this.flatten(sn);
    return f.length === 1 && f[0] === TOP;
  }

  private expand(sn: SchemaNode): readonly Conj[] {
    const n = sn.node;
    if (!isObject(n)) throw new InvalidSchemaError(sn.pointer, "a schema must be an object or a boolean");
    const ctx = this.ctx;
    ctx.spend(1, sn.pointer);
    const at = (...tokens: (string | number)[]): string => pointerJoin(sn.pointer, ...tokens);
    const child = (node: unknown, ...tokens: (string | number)[]): SchemaNode => ({ node, pointer: at(...tokens), base: ctx.doc.baseOf(node, sn.base) });
    const present = this.presentKeywords(n);
    const kw = (k: string): boolean => present.has(k);

    const local = this.local(sn, present);
    let alts: readonly Conj[] = local ? [local] : [];

    for (const k of ["$recursiveRef", "$dynamicRef"]) {
      if (kw(k)) ctx.unsupported(at(k), k, `${k} (dynamic scoping) is not supported`);
    }
    if (kw("$ref") && typeof n["$ref"] === "string") {
      let target: SchemaNode | undefined;
      try {
        target = ctx.doc.resolve(n["$ref"], sn);
      } catch (e) {
        if (!(e instanceof UnsupportedSchemaError)) throw e;
        ctx.unsupported(e.pointer, e.keyword, e.reason);
      }
      if (target) alts = this.cross(alts, this.flatten(target), at("$ref"));
    }
    if (kw("allOf") && Array.isArray(n["allOf"])) {
      n["allOf"].forEach((s, i) => (alts = this.cross(alts, this.flatten(child(s, "allOf", i)), at("allOf", i))));
    }
    if (kw("anyOf") && Array.isArray(n["anyOf"])) {
      const branches = n["anyOf"].flatMap((s, i) => this.flatten(child(s, "anyOf", i)));
      alts = this.cross(alts, branches, at("anyOf"));
    }
    if (kw("oneOf") && Array.isArray(n["oneOf"])) {
      alts = this.cross(alts, this.oneOf(n["oneOf"].map((s, i) => child(s, "oneOf", i)), at("oneOf"), alts), at("oneOf"));
    }
    if (kw("not")) {
      // A complement made by negatedNode reports at the subschema it complements.
      const complemented = COMPLEMENTED.get(n);
      const target = complemented ?? child(n["not"], "not");
      alts = this.cross(alts, this.negateOrReport(this.flatten(target), target.pointer, "not"), target.pointer);
    }
    if (kw("if")) {
      const cond = this.flatten(child(n["if"], "if"));
      const then = kw("then") ? this.flatten(child(n["then"], "then")) : [TOP];
      const otherwise = kw("else") ? this.flatten(child(n["else"], "else")) : [TOP];
      let notCond: readonly Conj[];
      try {
        notCond = this.negate(cond);
      } catch (e) {
        if (!(e instanceof NotNegatable)) throw e;
        ctx.unsupported(at("if"), "if", `"if" uses ${e.keyword} (at ${e.pointer}), which has no exact complement, so "else" cannot be told apart`);
        notCond = [TOP];
      }
      alts = this.cross(alts, [...this.cross(cond, then, at("then")), ...this.cross(notCond, otherwise, at("else"))], at("if"));
    }
    const dependencies: [string, unknown, string][] = [];
    for (const k of ["dependencies", "dependentRequired", "dependentSchemas"]) {
      const v = n[k];
      if (kw(k) && isObject(v)) for (const [name, dep] of Object.entries(v)) dependencies.push([name, dep, at(k, name)]);
    }
    for (const [name, dep, pointer] of dependencies) {
      const absent = conj({ types: T_ALL, forbidden: [name], pointer });
      let present: readonly Conj[];
      if (Array.isArray(dep)) present = [conj({ required: [name, ...dep.filter((d): d is string => typeof d === "string")], pointer })];
      else present = this.cross([conj({ required: [name], pointer })], this.flatten({ node: dep, pointer, base: ctx.doc.baseOf(dep, sn.base) }), pointer);
      // Non-objects satisfy a dependency trivially; `absent` and `present` only constrain objects.
      alts = this.cross(alts, [conj({ types: T_ALL & ~T_OBJECT, pointer }), { ...absent, types: T_OBJECT }, ...present.map((c) => ({ ...c, types: c.types & T_OBJECT })).filter((c) => c.types !== 0)], pointer);
    }
    return alts;
  }

  /**
   * The keywords of this draft a schema object has. Read from the object's own keys (a handful)
   * rather than asking it for each of the forty keywords the normalizer knows.
   */
  private presentKeywords(n: Record<string, unknown>): ReadonlySet<string> {
    const present = new Set<string>();
    for (const k of Object.keys(n)) if (this.keywords.has(k)) present.add(k);
    return present;
  }

  /** The constraints of a schema object's own keywords (`present`, without combinators), or undefined if they conflict. */
  private local(sn: SchemaNode, present: ReadonlySet<string>): Conj | undefined {
    const n = sn.node as Record<string, unknown>;
    const ctx = this.ctx;
    const draft = ctx.doc.draft;
    const at = (...tokens: (string | number)[]): string => pointerJoin(sn.pointer, ...tokens);
    const child = (node: unknown, ...tokens: (string | number)[]): SchemaNode => ({ node, pointer: at(...tokens), base: ctx.doc.baseOf(node, sn.base) });
    const kw = (k: string): boolean => present.has(k);
    const num = (k: string): number | undefined => (kw(k) && typeof n[k] === "number" ? (n[k] as number) : undefined);
    // Bounds and steps are read as exact decimals: a JavaScript object may hold what JSON cannot.
    const finite = (k: string): number | undefined => {
      const x = num(k);
      if (x !== undefined && !Number.isFinite(x)) throw new InvalidSchemaError(pointerJoin(sn.pointer, k), `${k} must be a finite number, not ${x} (JSON has no ${x})`);
      return x;
    };
    const fields: { -readonly [K in keyof Conj]?: Conj[K] } = { pointer: sn.pointer };

    let types = T_ALL;
    if (kw("type")) {
      const list = Array.isArray(n["type"]) ? n["type"] : [n["type"]];
      types = 0;
      for (const t of list) {
        if (typeof t !== "string" || !(t in TYPE_BITS)) throw new InvalidSchemaError(at("type"), `${JSON.stringify(t)} is not a JSON Schema type`);
        types |= TYPE_BITS[t]!;
      }
      if (n["nullable"] === true) types |= T_NULL;
    }
    fields.types = types;
    if (kw("enum") && Array.isArray(n["enum"])) fields.enumValues = jsonValues(n["enum"], pointerJoin(sn.pointer, "enum"));
    if (kw("const")) {
      jsonValues([n["const"]], pointerJoin(sn.pointer, "const"));
      fields.enumValues = fields.enumValues ? fields.enumValues.filter((v) => jsonEqual(v, n["const"])) : [n["const"]];
    }

    // Strings.
    if (num("minLength") !== undefined) fields.minLength = num("minLength")!;
    if (num("maxLength") !== undefined) fields.maxLength = num("maxLength")!;
    if (kw("pattern") && typeof n["pattern"] === "string") fields.patterns = [{ value: n["pattern"], pointer: at("pattern") }];
    let formatConj: Conj | undefined;
    if (kw("format") && typeof n["format"] === "string") {
      const name = n["format"];
      switch (formatKind(name)) {
        case "string":
          fields.formats = [{ value: name, pointer: at("format") }];
          break;
        case "number": {
          const f = NUMBER_FORMATS[name]!;
          formatConj = conj({
            types: f.integer ? T_ALL & ~T_FRACTION : T_ALL,
            lower: f.min !== undefined ? boundOf(f.min, false) : undefined,
            upper: f.max !== undefined ? boundOf(f.max, false) : undefined,
            pointer: at("format"),
          });
          break;
        }
        case "free":
          break;
        case "unknown":
          ctx.warn({ code: "unknown_format", pointer: at("format"), keyword: "format", message: `${at("format")}: format ${JSON.stringify(name)} is unknown, so it constrains nothing (JSON Schema treats unknown formats as annotations)` });
          break;
      }
    }

    // Numbers. Draft-04 writes exclusive bounds as booleans beside minimum/maximum.
    const minimum = finite("minimum");
    const maximum = finite("maximum");
    let lower: Bound | undefined = minimum !== undefined ? boundOf(minimum, draft === "draft-04" && n["exclusiveMinimum"] === true) : undefined;
    let upper: Bound | undefined = maximum !== undefined ? boundOf(maximum, draft === "draft-04" && n["exclusiveMaximum"] === true) : undefined;
    const exMin = finite("exclusiveMinimum");
    const exMax = finite("exclusiveMaximum");
    if (exMin !== undefined && draft !== "draft-04") {
      const b = boundOf(exMin, true);
      if (!lower || compareDecimal(b.value, lower.value) >= 0) lower = b;
    }
    if (exMax !== undefined && draft !== "draft-04") {
      const b = boundOf(exMax, true);
      if (!upper || compareDecimal(b.value, upper.value) <= 0) upper = b;
    }
    fields.lower = lower;
    fields.upper = upper;
    const step = finite("multipleOf");
    if (step !== undefined && step > 0) fields.multipleOf = [decimalOf(step)];

    // Arrays.
    const items = n["items"];
    if (draft === "2020-12") {
      if (kw("prefixItems") && Array.isArray(n["prefixItems"])) fields.prefix = n["prefixItems"].map((s, i) => [child(s, "prefixItems", i)]);
      if (kw("items") && !Array.isArray(items)) fields.rest = [child(items, "items")];
    } else if (kw("items")) {
      if (Array.isArray(items)) {
        fields.prefix = items.map((s, i) => [child(s, "items", i)]);
        if (kw("additionalItems")) fields.rest = [child(n["additionalItems"], "additionalItems")];
      } else {
        fields.rest = [child(items, "items")];
      }
    }
    if (num("minItems") !== undefined) fields.minItems = num("minItems")!;
    if (num("maxItems") !== undefined) fields.maxItems = num("maxItems")!;
    if (kw("contains")) {
      fields.contains = [{ schema: child(n["contains"], "contains"), min: num("minContains") ?? 1, max: num("maxContains") ?? Infinity, from: 0, pointer: at("contains") }];
    }
    if (kw("uniqueItems") && n["uniqueItems"] === true) fields.uniqueItems = at("uniqueItems");
    for (const k of ["unevaluatedItems", "unevaluatedProperties"]) {
      if (kw(k) && !this.isTrivial(child(n[k], k))) ctx.unsupported(at(k), k, `${k} is not supported`);
    }

    // Objects.
    if (kw("properties") || kw("patternProperties") || kw("additionalProperties")) {
      const props = new Map<string, SchemaNode>();
      if (isObject(n["properties"]) && kw("properties")) for (const [name, s] of Object.entries(n["properties"])) props.set(name, child(s, "properties", name));
      const patterns: ObjectPart["patterns"][number][] = [];
      if (isObject(n["patternProperties"]) && kw("patternProperties")) {
        for (const [source, s] of Object.entries(n["patternProperties"])) patterns.push({ source, schema: child(s, "patternProperties", source) });
      }
      const additional = kw("additionalProperties") ? child(n["additionalProperties"], "additionalProperties") : undefined;
      fields.objectParts = [{ props, patterns, additional, pointer: sn.pointer }];
    }
    if (kw("required") && Array.isArray(n["required"])) fields.required = [...new Set(n["required"].filter((r): r is string => typeof r === "string"))];
    if (num("minProperties") !== undefined) fields.minProperties = num("minProperties")!;
    if (num("maxProperties") !== undefined) fields.maxProperties = num("maxProperties")!;
    if (kw("propertyNames")) {
      const pn = child(n["propertyNames"], "propertyNames");
      if (!this.isTrivial(pn)) fields.propertyNames = [pn];
    }

    // Only annotations: the schema allows everything (TOP itself, so it is recognized as trivial).
    const constrains = Object.keys(fields).some((k) => k !== "pointer" && (k !== "types" || fields.types !== T_ALL));
    let out: Conj | undefined = constrains ? settleConj({ ...TOP, ...fields }) : TOP;
    if (out && formatConj) out = mergeConj(out, formatConj);
    return out;
  }

  /** Pairwise conjunctions of two alternative lists, without the unsatisfiable ones. */
  cross(a: readonly Conj[], b: readonly Conj[], pointer: string): readonly Conj[] {
    if (b.length === 1 && b[0] === TOP) return a;
    if (a.length === 1 && a[0] === TOP) return b;
    const out: Conj[] = [];
    // Alternatives made of the same alternatives are the same constraint: an alternative that
    // already holds the other is kept as it is, and one made of the same set as another is left
    // out. The `anyOf` of a `then` that several `if`s share otherwise multiplies with each of them
    // (3ⁿ merges of three branches where seven sets of them exist).
    const seen = new Set<string>();
    for (const x of a) {
      const lx = partsOf(x);
      for (const y of b) {
        const ly = partsOf(y);
        let m: Conj | undefined;
        if (includes(lx, ly)) m = x;
        else if (includes(ly, lx)) m = y;
        else {
          m = mergeConj(x, y);
          if (m && x.objectParts.length > 0 && y.objectParts.length > 0) m = this.withoutValueClash(m);
          if (m) PARTS.set(m, union(lx, ly));
        }
        if (!m) continue;
        const key = partsOf(m).join(",");
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(m);
      }
    }
    this.ctx.spend(a.length * b.length, pointer);
    if (out.length > this.ctx.options.budget.alternatives) {
      throw new SchemaBudgetError(pointer, `alternatives ${this.ctx.options.budget.alternatives}`, `the schema expands into ${out.length} alternatives`);
    }
    return out;
  }

  /**
   * `m` without objects when a required property's declared schemas state values (`const`,
   * `enum`, or `not` of them) that no value satisfies together — `{"kind": {"const": "a"}}`
   * merged with `{"kind": {"const": "b"}}` or `{"kind": {"not": {"const": "a"}}}`, `kind`
   * required; undefined when nothing else is left. The alternatives of a list of `if`/`then`
   * members (a discriminator per member) are products of such branches; pruned as they are made,
   * they stay about one per discriminator value instead of doubling with every member. Only
   * schemas whose values are known without compiling anything are read (stated values, or
   * alternatives already worked out), so the check adds no work, no warning and no error of its
   * own; anything else is left to the property's own compile.
   */
  private withoutValueClash(m: Conj): Conj | undefined {
    if ((m.types & T_OBJECT) === 0 || m.required.length === 0) return m;
    for (const name of m.required) {
      let allowed: StatedValues | undefined;
      let schemas = 0;
      for (const part of m.objectParts) {
        const sn = part.props.get(name);
        if (!sn) continue;
        schemas++;
        const values = this.statedValues(sn);
        if (values) allowed = allowed ? intersectStated(allowed, values) : values;
      }
      if (schemas > 1 && allowed?.only && allowed.values.size === 0) return settleConj({ ...m, types: m.types & ~T_OBJECT });
    }
    return m;
  }

  /**
   * A superset of the values (by jsonKey) `sn` allows, when its alternatives are already worked
   * out or it is one of the schemas they are cheap and safe to work out for (see {@link STATED});
   * undefined otherwise.
   */
  private statedValues(sn: SchemaNode): StatedValues | undefined {
    const n = sn.node;
    if (n === false) return { only: true, values: new Set() };
    if (!isObject(n)) return undefined;
    let alts = this.flattened.get(this.nodeKey(sn));
    if (!alts) {
      if (!this.onlyStated(n, 2)) return undefined;
      alts = this.flatten(sn);
    }
    let out: StatedValues = { only: true, values: new Set() };
    for (const c of alts) {
      const excluded = new Set(c.notValues.map(jsonKey));
      const own: StatedValues = c.enumValues ? { only: true, values: new Set(c.enumValues.map(jsonKey).filter((v) => !excluded.has(v))) } : { only: false, values: excluded };
      out = unionStated(out, own);
    }
    return out;
  }

  /** Whether `n` states values and nothing else (see {@link STATED}), or is the `not` of such a schema (`depth` levels of `not` at most). */
  private onlyStated(n: Record<string, unknown>, depth: number): boolean {
    const keys = Object.keys(n).filter((k) => this.keywords.has(k));
    if (keys.length === 1 && keys[0] === "not") return depth > 0 && isObject(n["not"]) && this.onlyStated(n["not"], depth - 1);
    return keys.some((k) => k === "const" || k === "enum") && keys.every((k) => STATED.has(k));
  }

  private negateOrReport(alts: readonly Conj[], pointer: string, keyword: string): readonly Conj[] {
    try {
      return this.negate(alts);
    } catch (e) {
      if (!(e instanceof NotNegatable)) throw e;
      this.ctx.unsupported(pointer, keyword, `"${keyword}" needs the complement of ${e.keyword} (at ${e.pointer}), which a grammar cannot express here`);
      return [TOP];
    }
  }

  /** Alternatives for the values matching none of `alts`. Throws {@link NotNegatable}. */
  negate(alts: readonly Conj[]): readonly Conj[] {
    let out: readonly Conj[] = [TOP];
    for (const c of alts) out = this.cross(out, this.negateConj(c), c.pointer);
    return out;
  }

  private negateConj(c: Conj): Conj[] {
    const p = c.pointer;
    const out: Conj[] = [];
    const add = (types: number, fields: Partial<Conj>): void => {
      const t = types & c.types;
      if (t !== 0) out.push(conj({ ...fields, types: t, pointer: p }));
    };
    if ((T_ALL & ~c.types) !== 0) out.push(conj({ types: T_ALL & ~c.types, pointer: p }));
    if (c.enumValues) add(T_ALL, { notValues: c.enumValues });
    if (c.notValues.length > 0) add(T_ALL, { enumValues: c.notValues });
    // Strings.
    if (c.minLength > 0) add(T_STRING, { maxLength: c.minLength - 1 });
    if (c.maxLength < Infinity) add(T_STRING, { minLength: c.maxLength + 1 });
    for (const pat of c.patterns) add(T_STRING, { notPatterns: [pat] });
    for (const pat of c.notPatterns) add(T_STRING, { patterns: [pat] });
    if (c.formats.length > 0 && (c.types & T_STRING) !== 0) throw new NotNegatable(c.formats[0]!.pointer, "format");
    // Numbers.
    if (c.lower) add(T_NUMBER, { upper: { value: c.lower.value, exclusive: !c.lower.exclusive } });
    if (c.upper) add(T_NUMBER, { lower: { value: c.upper.value, exclusive: !c.upper.exclusive } });
    for (const m of c.multipleOf) add(T_NUMBER, { notMultipleOf: [m] });
    for (const m of c.notMultipleOf) add(T_NUMBER, { multipleOf: [m] });
    // Arrays.
    if (c.minItems > 0) add(T_ARRAY, { maxItems: c.minItems - 1 });
    if (c.maxItems < Infinity) add(T_ARRAY, { minItems: c.maxItems + 1 });
    if ((c.types & T_ARRAY) !== 0) {
      if (c.uniqueItems) throw new NotNegatable(c.uniqueItems, "uniqueItems");
      // An item outside its position's schema: at a prefix position, that position exists and
      // holds the complement; past the prefix, some item there is in the complement (a count).
      c.prefix.forEach((list, i) => {
        for (const sn of list) {
          if (!this.isTrivial(sn)) add(T_ARRAY, { prefix: [...Array.from({ length: i }, () => []), [negatedNode(sn)]], minItems: i + 1 });
        }
      });
      for (const sn of c.rest) {
        if (!this.isTrivial(sn)) add(T_ARRAY, { minItems: c.prefix.length + 1, contains: [{ schema: negatedNode(sn), min: 1, max: Infinity, from: c.prefix.length, pointer: sn.pointer }] });
      }
      // A count outside its bounds.
      for (const ct of c.contains) {
        if (ct.min > 0) add(T_ARRAY, { contains: [{ ...ct, min: 0, max: ct.min - 1 }] });
        if (ct.max < Infinity) add(T_ARRAY, { contains: [{ ...ct, min: ct.max + 1, max: Infinity }] });
      }
    }
    // Objects. A required property with one declared schema X fails as "absent" or "present
    // with a value outside X": together, "if present, a value outside X" — one alternative, where
    // two would double the alternatives of every negation (an `if` whose `else` is taken).
    const schemas = new Map<string, number>();
    if ((c.types & T_OBJECT) !== 0) {
      for (const part of c.objectParts) for (const [name, sn] of part.props) if (!this.isTrivial(sn)) schemas.set(name, (schemas.get(name) ?? 0) + 1);
    }
    const folded = new Set(c.required.filter((r) => schemas.get(r) === 1));
    for (const r of c.required) if (!folded.has(r)) add(T_OBJECT, { forbidden: [r] });
    for (const f of c.forbidden) add(T_OBJECT, { required: [f] });
    if (c.minProperties > 0) add(T_OBJECT, { maxProperties: c.minProperties - 1 });
    if (c.maxProperties < Infinity) add(T_OBJECT, { minProperties: c.maxProperties + 1 });
    if ((c.types & T_OBJECT) !== 0) {
      if (c.propertyNames.length > 0) throw new NotNegatable(c.propertyNames[0]!.pointer, "propertyNames");
      for (const part of c.objectParts) {
        if (part.patterns.some((x) => !this.isTrivial(x.schema))) throw new NotNegatable(part.pointer, "patternProperties");
        if (part.additional && !this.isTrivial(part.additional)) throw new NotNegatable(part.additional.pointer, "additionalProperties");
        for (const [name, sn] of part.props) {
          if (this.isTrivial(sn)) continue;
          add(T_OBJECT, { required: folded.has(name) ? [] : [name], objectParts: [{ props: new Map([[name, negatedNode(sn)]]), patterns: [], additional: undefined, pointer: sn.pointer }] });
        }
      }
    }
    return out;
  }

  /**
   * `oneOf`: branches that provably exclude each other are a plain union; otherwise each
   * branch is conjoined with the complement of the branches it may overlap. Overlaps are worked
   * out per group of JSON types, since branches that exclude each other for objects (two
   * required file names with patterns `\.js$` and `\.css$`) may all accept any string: each
   * set of overlapping pairs is handled for the types that have it, so the objects' branches
   * need no complements at all.
   */
  private oneOf(branches: readonly SchemaNode[], pointer: string, context: readonly Conj[]): readonly Conj[] {
    const flat = branches.map((b) => this.flatten(b));
    // overlap[i][j]: the type groups of which a value may match branches i and j.
    const overlap = flat.map(() => new Array<number>(flat.length).fill(0));
    for (let i = 0; i < flat.length; i++) for (let j = i + 1; j < flat.length; j++) overlap[i]![j] = overlap[j]![i] = this.overlappingTypes(flat[i]!, flat[j]!, context);
    // onlyEmpty[i][j]: the groups (arrays, objects) in which what branches i and j both take is
    // the empty value alone, so branch i's values there outside branch j are its non-empty ones.
    let emptyGroups = 0;
    const onlyEmpty = flat.map((a, i) =>
      flat.map((b, j) => {
        let groups = 0;
        for (const g of [T_ARRAY, T_OBJECT]) if (i !== j && (overlap[i]![j]! & g) !== 0 && this.shareOnlyEmpty(a, b, g)) groups |= g;
        emptyGroups |= groups;
        return groups;
      }),
    );
    // Groups in which the same pairs overlap are handled together (arrays or objects on their
    // own when some pair shares only the empty one).
    const typesByPairs = new Map<string, number>();
    for (const g of ONE_OF_TYPE_GROUPS) {
      let key = overlap.map((row) => row.map((o) => ((o & g) !== 0 ? 1 : 0)).join("")).join(" ");
      if (emptyGroups & g) key += ` empty ${g}`;
      typesByPairs.set(key, (typesByPairs.get(key) ?? 0) | g);
    }
    // The complement of branch j among the values of `types` only: what the branch says of
    // other types (an object's additionalProperties, when the overlap is in strings) needs no
    // grammar there.
    const negations = new Map<string, readonly Conj[]>();
    const complement = (i: number, j: number, types: number): readonly Conj[] => {
      const key = `${j}/${types}`;
      let negated = negations.get(key);
      if (!negated) {
        const projected = flat[j]!.filter((c) => (c.types & types) !== 0).map((c) => (c.types & ~types ? { ...c, types: c.types & types } : c));
        try {
          negated = this.negate(projected);
        } catch (e) {
          if (!(e instanceof NotNegatable)) throw e;
          this.ctx.unsupported(pointer, "oneOf", `oneOf branches ${i} and ${j} may both match, and excluding ${e.keyword} (at ${e.pointer}) has no grammar; exclusivity is not enforced`);
          negated = [TOP];
        }
        negations.set(key, negated);
      }
      return negated;
    };
    const out: Conj[] = [];
    for (const types of typesByPairs.values()) {
      const ofTypes: readonly Conj[] = types === T_ALL ? [TOP] : [conj({ types, pointer })];
      for (let i = 0; i < flat.length; i++) {
        let alts = this.cross(flat[i]!, ofTypes, branches[i]!.pointer);
        for (let j = 0; j < flat.length && alts.length > 0; j++) {
          if ((overlap[i]![j]! & types) === 0) continue;
          // A group sharing only its empty value stands alone: `types` is that group.
          const nonEmpty = types === T_ARRAY ? { minItems: 1 } : { minProperties: 1 };
          const excluded = onlyEmpty[i]![j]! & types ? [conj({ types, ...nonEmpty, pointer })] : complement(i, j, types);
          alts = this.cross(alts, excluded, branches[i]!.pointer);
        }
        out.push(...alts);
      }
    }
    return out;
  }

  /**
   * True if, in `group` (arrays or objects), every value both alternative lists take is the
   * empty one, which both take. Arrays: their items (no per-position schemas, no `contains`)
   * exclude each other — `oneOf` of "array of numbers" and "array of arrays of numbers" (GeoJSON
   * coordinates) leaves out only `[]`. Objects: one side allows only the names it declares
   * (`additionalProperties: false` without patterns) and a name both allow has values no schema
   * of both takes — closed objects with different property names share only `{}`. And nothing
   * in `b` keeps the empty value out (a minimum, a required name, `enum`/`const` or `not` of
   * values). A non-empty value of `a` in the group then never matches `b`.
   */
  private shareOnlyEmpty(a: readonly Conj[], b: readonly Conj[], group: number): boolean {
    for (const x of a) {
      if ((x.types & group) === 0) continue;
      for (const y of b) {
        if ((y.types & group) === 0) continue;
        if (y.enumValues || y.notValues.length > 0) return false;
        if (!(group === T_ARRAY ? y.minItems === 0 && this.itemsExclude(x, y) : this.requiredNames(y).length === 0 && y.minProperties === 0 && this.namesExclude(x, y))) return false;
      }
    }
    return true;
  }

  /** Whether no item of an array of `x` can be an item of an array of `y` (the same schemas at every position, no `contains`). */
  private itemsExclude(x: Conj, y: Conj): boolean {
    if (x.prefix.length > 0 || y.prefix.length > 0 || x.contains.length > 0 || y.contains.length > 0 || x.rest.length === 0 || y.rest.length === 0) return false;
    return !this.flattenList([...x.rest, ...y.rest]).some((z) => this.satisfiable(z, DISJOINT_DEPTH));
  }

  /** Whether no object of `x` but `{}` can be an object of `y`, as far as names are concerned: see `shareOnlyEmpty`. */
  private namesExclude(x: Conj, y: Conj): boolean {
    // The names an object of both may have: those of the closed side (of both, if both are).
    const xNames = this.closedNames(x);
    const yNames = this.closedNames(y);
    const names = xNames && yNames ? [...xNames].filter((n) => yNames.has(n)) : xNames ?? yNames;
    if (!names) return false;
    for (const name of names) {
      const xs = this.keySchemas(x, name);
      const ys = this.keySchemas(y, name);
      if (xs && ys && this.flattenList([...xs, ...ys]).some((z) => this.satisfiable(z, DISJOINT_DEPTH))) return false;
    }
    return true;
  }

  /** The only property names `c`'s objects may have (a part closed by `additionalProperties: false`, without patterns), or undefined. */
  private closedNames(c: Conj): Set<string> | undefined {
    let names: Set<string> | undefined;
    for (const part of c.objectParts) {
      if (part.patterns.length > 0 || part.additional?.node !== false) continue;
      const own = new Set(part.props.keys());
      names = names ? new Set([...names].filter((n) => own.has(n))) : own;
    }
    return names;
  }

  /** The type groups (of `ONE_OF_TYPE_GROUPS`) of which some value may satisfy `context` and both alternative lists. */
  private overlappingTypes(a: readonly Conj[], b: readonly Conj[], context: readonly Conj[]): number {
    let found = 0;
    for (const x of a) {
      for (const y of b) {
        for (const c of context) {
          const m = mergeConj(c, x);
          const mm = m && mergeConj(m, y);
          if (!mm) continue;
          for (const g of ONE_OF_TYPE_GROUPS) {
            if ((found & g) === 0 && (mm.types & g) !== 0 && this.satisfiable({ ...mm, types: mm.types & g }, DISJOINT_DEPTH)) found |= g;
          }
          if (found === T_ALL) return found;
        }
      }
    }
    return found;
  }

  /**
   * False only when no value satisfies `c`, as far as can be seen within `depth` levels of
   * required properties and array items; true means "may be satisfiable".
   */
  satisfiable(c: Conj, depth: number): boolean {
    if (c.enumValues) return c.enumValues.some((v) => this.checkConj(c, v));
    // Merging already drops the types whose bounds or lengths conflict.
    if ((c.types & (T_NULL | T_BOOLEAN | T_NUMBER)) !== 0) return true;
    if ((c.types & T_STRING) !== 0 && stringsMayExist(c, SATISFIABLE_STATES)) return true;
    if ((c.types & (T_OBJECT | T_ARRAY)) === 0) return false;
    if (depth <= 0) return true;
    if ((c.types & T_OBJECT) !== 0) {
      let ok = true;
      for (const name of this.requiredNames(c)) {
        const list = this.keySchemas(c, name);
        if (!list || !this.flattenList(list).some((x) => this.satisfiable(x, depth - 1))) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
    }
    if ((c.types & T_ARRAY) !== 0) {
      for (let i = 0; i < c.minItems; i++) {
        const list = c.prefix[i] ?? c.rest;
        if (!this.flattenList(list).some((x) => this.satisfiable(x, depth - 1))) return false;
      }
      return true;
    }
    return false;
  }

  /** Required property names, including every declared property in strict mode. */
  requiredNames(c: Conj): string[] {
    if (!this.ctx.options.strict) return c.required as string[];
    const out = [...c.required];
    for (const part of c.objectParts) for (const name of part.props.keys()) if (!out.includes(name)) out.push(name);
    return out;
  }

  /** Property names declared by `properties` (in order), then required names not declared. */
  declaredNames(c: Conj): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const part of c.objectParts) {
      for (const name of part.props.keys()) {
        if (!seen.has(name)) {
          seen.add(name);
          out.push(name);
        }
      }
    }
    for (const name of this.requiredNames(c)) {
      if (!seen.has(name)) {
        seen.add(name);
        out.push(name);
      }
    }
    return out;
  }

  /**
   * The schemas the value of property `key` must satisfy, or undefined if the property may not
   * appear at all (additionalProperties false, propertyNames, forbidden, closed by options).
   */
  keySchemas(c: Conj, key: string): SchemaNode[] | undefined {
    if (c.forbidden.includes(key)) return undefined;
    for (const pn of c.propertyNames) if (!this.checkList([pn], key)) return undefined;
    const list: SchemaNode[] = [];
    let declared = false;
    let matched = false;
    for (const part of c.objectParts) {
      // properties and patternProperties both apply; additionalProperties only when neither does.
      const prop = part.props.get(key);
      if (prop) {
        declared = true;
        list.push(prop);
      }
      const hits = part.patterns.filter((x) => patternMatches(x.source, key));
      if (hits.length > 0) {
        matched = true;
        for (const m of hits) list.push(m.schema);
      } else if (!prop && part.additional) list.push(part.additional);
    }
    if (!declared && !matched && !this.requiredNames(c).includes(key) && this.refusesOtherKeys(c)) return undefined;
    if (list.some((sn) => sn.node === false)) return undefined;
    return list;
  }

  /**
   * True when the compile options refuse keys that no part declares or matches by pattern:
   * always in strict mode, and with `additionalProperties: false` in the options when no
   * schema object says what additional properties may be.
   */
  refusesOtherKeys(c: Conj): boolean {
    return this.ctx.options.strict || (!this.ctx.options.additionalProperties && !c.objectParts.some((p) => p.additional !== undefined));
  }

  /** True if `v` satisfies every schema of `list`. */
  checkList(list: readonly SchemaNode[], v: unknown): boolean {
    return this.flattenList(list).some((c) => this.checkConj(c, v));
  }

  /** True if the JSON value `v` satisfies `c` (used for enum values and property names). */
  checkConj(c: Conj, v: unknown): boolean {
    const t = typeOf(v);
    if ((t & c.types) === 0) return false;
    if (c.enumValues && !c.enumValues.some((x) => jsonEqual(x, v))) return false;
    if (c.notValues.some((x) => jsonEqual(x, v))) return false;
    switch (t) {
      case T_STRING: {
        const s = v as string;
        const len = [...s].length;
        if (len < c.minLength || len > c.maxLength) return false;
        if (!c.patterns.every((p) => patternMatches(p.value, s))) return false;
        if (c.notPatterns.some((p) => patternMatches(p.value, s))) return false;
        return c.formats.every((f) => formatAccepts(f.value, s));
      }
      case T_INTEGER:
      case T_FRACTION: {
        const d = decimalOf(v as number);
        if (c.lower) {
          const r = compareDecimal(d, c.lower.value);
          if (r < 0 || (r === 0 && c.lower.exclusive)) return false;
        }
        if (c.upper) {
          const r = compareDecimal(d, c.upper.value);
          if (r > 0 || (r === 0 && c.upper.exclusive)) return false;
        }
        if (!c.multipleOf.every((m) => isMultipleOf(d, m))) return false;
        return !c.notMultipleOf.some((m) => isMultipleOf(d, m));
      }
      case T_ARRAY: {
        const a = v as unknown[];
        if (a.length < c.minItems || a.length > c.maxItems) return false;
        if (!a.every((x, i) => this.checkList(c.prefix[i] ?? c.rest, x))) return false;
        for (const ct of c.contains) {
          const n = a.slice(ct.from).filter((x) => this.checkList([ct.schema], x)).length;
          if (n < ct.min || n > ct.max) return false;
        }
        if (c.uniqueItems && a.some((x, i) => a.some((y, j) => j > i && jsonEqual(x, y)))) return false;
        return true;
      }
      case T_OBJECT: {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length < c.minProperties || keys.length > c.maxProperties) return false;
        if (!this.requiredNames(c).every((r) => r in o)) return false;
        for (const k of keys) {
          const list = this.keySchemas(c, k);
          if (!list || !this.checkList(list, o[k])) return false;
        }
        return true;
      }
      case T_NULL:
      case T_BOOLEAN:
        return true;
      default:
        return false;
    }
  }
}

/**
 * `values` (an enum's, a const's), checked to be JSON: a JavaScript object may hold NaN,
 * Infinity, undefined, a BigInt or a function, which no JSON text spells.
 */
function jsonValues(values: readonly unknown[], pointer: string): readonly unknown[] {
  const check = (v: unknown): void => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new InvalidSchemaError(pointer, `holds ${v}, which JSON cannot spell`);
      return;
    }
    if (Array.isArray(v)) return v.forEach(check);
    if (typeof v === "object") return Object.values(v as object).forEach(check);
    throw new InvalidSchemaError(pointer, `holds ${v === undefined ? "undefined" : `a ${typeof v}`}, which JSON cannot spell`);
  };
  values.forEach(check);
  return values;
}

/**
 * A subschema standing for the complement of `sn`: `{not: …}` around its node, at its pointer
 * (errors about the complement name the schema it complements).
 */
export function negatedNode(sn: SchemaNode): SchemaNode {
  const node = { not: sn.node };
  COMPLEMENTED.set(node, sn);
  return { node, pointer: sn.pointer, base: sn.base };
}

/** The subschema each {@link negatedNode} complements, so its errors name that subschema's place and not a `/not` no document has. */
const COMPLEMENTED = new WeakMap<object, SchemaNode>();
