import type { Expr, Grammar } from "@toolmask/grammar";
import { checkMetaSchema } from "./meta-schema.js";
import { withAutomatonMeter } from "./dfa.js";
import { SchemaCompiler } from "./compiler.js";
import { CompileContext } from "./context.js";
import { InvalidSchemaError, isStackOverflow, SchemaBudgetError, UnsatisfiableSchemaError, type SchemaWarning } from "./errors.js";
import { charSet } from "./charset.js";
import { JsonText } from "./json-text.js";
import { Normalizer } from "./normalize.js";
import { DEFAULT_JSON_SCHEMA_BUDGET, resolveOptions, type JsonSchemaOptions, type ResolvedOptions } from "./options.js";
import { pruneGrammar } from "./prune.js";
import { RuleStore } from "./rule-store.js";
import { SchemaDocument, detectDraft } from "./schema-document.js";
import type { JsonSchema } from "./tool.js";

/** Automaton transitions per unit of work: a transition costs a fraction of visiting a subschema. */
const AUTOMATON_UNIT = 8;

export interface CompiledSchema {
  /** Derives exactly the JSON texts (one value, no surrounding whitespace) the schema allows. */
  readonly grammar: Grammar;
  /** Keywords compiled as a superset (with `lenient`) and unknown formats. */
  readonly warnings: readonly SchemaWarning[];
}

/**
 * Compiles a JSON Schema into a grammar that derives exactly one JSON value valid for the
 * schema, without leading or trailing whitespace, so it can be embedded in a tool-call format.
 *
 * Throws `InvalidSchemaError` (the schema fails its draft's meta-schema), `UnsupportedSchemaError`
 * (a keyword a grammar cannot enforce; use `lenient` for a superset), `UnsatisfiableSchemaError`
 * (no value satisfies the schema) or `SchemaBudgetError` (the schema is too large to compile).
 */
export function compileJsonSchema(schema: JsonSchema, options?: JsonSchemaOptions): CompiledSchema {
  const set = new JsonSchemaGrammarSet();
  const { rule, warnings } = set.add(schema, options);
  return { grammar: set.grammar(rule), warnings };
}

/** {@link compileJsonSchema}'s grammar alone. */
export function jsonSchemaToGrammar(schema: JsonSchema, options?: JsonSchemaOptions): Grammar {
  return compileJsonSchema(schema, options).grammar;
}

/** Where {@link JsonSchemaGrammarSet.add} put a schema. */
export interface SchemaInSet {
  /** The rule deriving exactly the JSON texts the schema allows. */
  readonly rule: string;
  /** Keywords compiled as a superset (with `lenient`) and unknown formats. */
  readonly warnings: readonly SchemaWarning[];
}

/**
 * Several schemas compiled into one set of rules, as a tool set needs (one schema per tool or
 * per parameter). Each schema is compiled exactly as {@link compileJsonSchema} would, with its
 * own options and budget, and its rules named after `name`; the lexical rules (strings,
 * numbers, whitespace, any value) exist once for every schema with the same layout options,
 * so the grammar of fifty tools does not hold fifty copies of them.
 *
 * @example
 * const set = new JsonSchemaGrammarSet();
 * const weather = set.add({ type: "object", properties: { city: { type: "string" } } }, { name: "weather" });
 * const search = set.add({ type: "object", properties: { query: { type: "string" } } }, { name: "search" });
 * const g = set.grammar(weather.rule); // the rules weather's arguments need
 * set.rules([weather.rule, search.rule]); // both, the string rules once
 */
export class JsonSchemaGrammarSet {
  private readonly store = new RuleStore();
  private readonly texts = new Map<string, JsonText>();
  /** Grammars already worked out by rule: the rules a schema reaches never change once it is added. */
  private readonly grammars = new Map<string, Grammar>();

  /**
   * Compiles `schema` into the set and returns its rule. `name` (default none) prefixes the
   * names of the rules this schema alone uses. Throws what {@link compileJsonSchema} throws, and
   * then leaves the set usable for other schemas.
   */
  add(schema: JsonSchema, options: JsonSchemaOptions & { readonly name?: string } = {}): SchemaInSet {
    return withinStack(options, () => this.addNow(schema, options));
  }

  private addNow(schema: JsonSchema, options: JsonSchemaOptions & { readonly name?: string }): SchemaInSet {
    const { ctx, compiler, doc, metered } = this.begin(schema, options);
    const start = metered(() => compiler.compileRoot(doc.root));
    if (start === undefined) throw new UnsatisfiableSchemaError("#", "no JSON value satisfies this schema");
    // Without recursion every rule derives something (subschemas nothing satisfies were dropped
    // while compiling), so only recursive grammars need the productivity analysis. The rules it
    // rewrites belong to this schema alone (the lexical rules always derive something).
    if (compiler.mayHaveDeadRules) {
      const pruned = pruneGrammar(this.store.build(start));
      if (!pruned) throw new UnsatisfiableSchemaError("#", "no JSON value satisfies this schema");
      for (const [name, body] of pruned.rules) this.store.define(name, body);
      this.grammars.set(start, pruned);
    }
    return { rule: start, warnings: ctx.warnings };
  }

  /**
   * For formats that write string values unquoted (XML-style parameters), compiles the raw
   * text of the strings `schema` allows — characters as they are, no quotes, no escapes — into
   * the set and returns its rule; `avoid` holds the characters that start the value's end
   * markers. Written where it is exact: a string schema with one `pattern` or `format` (length
   * limits folded in) whose strings can hold none of `avoid`. Returns undefined otherwise (the
   * caller keeps its own text without the markers). Throws what {@link add} throws.
   *
   * @example
   * set.addRawString({ type: "string", pattern: "^[A-Z]{3}$" }, { name: "currency", avoid: "<" });
   */
  addRawString(schema: JsonSchema, options: JsonSchemaOptions & { readonly name?: string; readonly avoid: string }): SchemaInSet | undefined {
    return withinStack(options, () => this.addRawStringNow(schema, options));
  }

  private addRawStringNow(schema: JsonSchema, options: JsonSchemaOptions & { readonly name?: string; readonly avoid: string }): SchemaInSet | undefined {
    const { ctx, compiler, doc, rules, metered } = this.begin(schema, options);
    const avoid = charSet(Array.from(options.avoid, (ch) => [ch.codePointAt(0)!, ch.codePointAt(0)!] as const));
    const body = metered(() => compiler.compileRawString(doc.root, avoid));
    if (!body) return undefined;
    const rule = rules.reserve("raw");
    rules.define(rule, body);
    return { rule, warnings: ctx.warnings };
  }

  /**
   * What compiling one schema into the set needs: its options resolved, the schema checked
   * against its draft's meta-schema, a compiler whose new rules are named after `name` and
   * counted against the schema's rule budget, and `metered` to run it with automaton work
   * spent from the schema's work budget.
   */
  private begin(schema: JsonSchema, options: JsonSchemaOptions & { readonly name?: string }) {
    const opts = resolveOptions(options);
    const draft = detectDraft(schema, opts.draft);
    if (opts.validateSchema) checkMetaSchema(schema, draft);
    let doc: SchemaDocument;
    try {
      doc = new SchemaDocument(schema, draft);
    } catch (e) {
      // JSON.stringify (the document's keys) refuses a BigInt: a value no JSON text spells.
      if (e instanceof TypeError && /BigInt/.test(e.message)) throw new InvalidSchemaError("#", "holds a BigInt, which JSON cannot spell");
      throw e;
    }
    const ctx = new CompileContext(doc, opts);
    let ruleCount = 0;
    const rules = this.store.scoped(options.name ?? "", () => {
      if (++ruleCount > opts.budget.rules) throw new SchemaBudgetError("#", `rules ${opts.budget.rules}`, "the grammar needs too many rules");
    });
    const compiler = new SchemaCompiler(ctx, new Normalizer(ctx), rules, this.text(opts));
    const metered = <T>(f: () => T): T => withAutomatonMeter((transitions) => ctx.spend(transitions / AUTOMATON_UNIT, "#"), f);
    return { ctx, compiler, doc, rules, metered };
  }

  /**
   * The rules reachable from `starts`, in first-reached order, leaving out the rules `known`
   * holds and everything reached only through them (a caller copying each schema's rules out
   * of the set passes the rules it has already: they bring their callees with them).
   */
  rules(starts: readonly string[], known?: { has(name: string): boolean }): Map<string, Expr> {
    return this.store.reachable(starts, known);
  }

  /** The grammar whose start is `rule` (a rule {@link add} returned). */
  grammar(rule: string): Grammar {
    let g = this.grammars.get(rule);
    if (!g) this.grammars.set(rule, (g = { start: rule, rules: this.store.reachable([rule]) }));
    return g;
  }

  /** One lexical layer per layout: the options its rules depend on. */
  private text(opts: ResolvedOptions): JsonText {
    const key = `${opts.whitespace}|${opts.maxWhitespace}|${opts.indent}|${opts.maxPrettyDepth}`;
    let t = this.texts.get(key);
    if (!t) this.texts.set(key, (t = new JsonText(this.store, opts)));
    return t;
  }
}

/**
 * Runs `f`, turning an exhausted call stack into a {@link SchemaBudgetError}. The compiler counts
 * its own nesting against the depth budget (with the subschema's pointer); this catches what
 * recurses before it counts — the meta-schema check, the document's index — on a schema nested
 * far past the budget.
 */
function withinStack<T>(options: JsonSchemaOptions, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    const depth = options.budget?.depth ?? DEFAULT_JSON_SCHEMA_BUDGET.depth;
    throw new SchemaBudgetError("#", `depth ${depth}`, "the schema nests too deeply to compile (the call stack ran out)");
  }
}
