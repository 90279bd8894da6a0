import { charSet, choice, EMPTY, factorChoice, GrammarBuilder, literal, optional, ref, renameRefs, repeat, seq, star, token, type Expr, type RuleRef } from "@toolmask/grammar";
import { JsonSchemaGrammarSet } from "@toolmask/schema";
import { FormatError } from "../errors.js";
import type { FormatDefinition, GrammarContext, ShapeParts } from "../format.js";
import type { ResolvedChoice, Tool, ToolProperty } from "../tools.js";
import type { SchemaObject, ReasoningMode } from "../types.js";
import { leadingTextWithout, textWithout } from "./text.js";

/** How `buildToolGrammar` lets callers tune the grammar beyond the tool choice. */
export interface GrammarTuning {
  /**
   * The special tokens of the model's vocabulary. When given, a marker becomes a token terminal
   * exactly when it is in this set; otherwise the format's own list of special markers decides.
   */
  readonly specialTokens?: Iterable<string>;
  /** Whitespace inside JSON arguments (passed to the schema compiler). Default "flexible". */
  readonly whitespace?: "flexible" | "compact" | "pretty";
  /** The variant to generate (Mistral's); by default the one the vocabulary calls for, else the format's first. */
  readonly variant?: string;
}

/** JSON whitespace between structural characters: bounded so a model cannot loop on it. */
const WS = repeat(charSet(" \t\n\r"), 0, 32);

/** A dialect's schema set and the names its rules have in the grammar so far. */
interface SchemaSetCopy {
  readonly set: JsonSchemaGrammarSet;
  /** Set name → grammar name, for every rule copied. */
  readonly names: Map<string, string>;
  /** Whether some copied rule got a name other than its own (references then need renaming). */
  renamed: boolean;
}

export class FormatGrammarContext implements GrammarContext {
  readonly builder = new GrammarBuilder();
  readonly ws: RuleRef;
  private readonly texts = new Map<string, RuleRef>();
  private readonly argRules = new Map<string, RuleRef>();
  private readonly valueRules = new Map<string, RuleRef>();
  /** Raw string values by tool, parameter and avoided characters (undefined: not constrained). */
  private readonly rawRules = new Map<string, RuleRef | undefined>();
  /** Schemas compiled so far per dialect, and the grammar's names for their rules. */
  private readonly schemas = new Map<"json" | "python", SchemaSetCopy>();
  private readonly special: ReadonlySet<string>;
  readonly variant: string | undefined;

  constructor(
    format: FormatDefinition,
    readonly choice: ResolvedChoice,
    readonly reasoning: ReasoningMode,
    private readonly tuning: GrammarTuning,
  ) {
    const vocabulary = tuning.specialTokens === undefined ? undefined : new Set(tuning.specialTokens);
    this.special = vocabulary ?? new Set(format.specialTokens ?? []);
    this.variant = selectVariant(format, tuning.variant, vocabulary);
    // Not "ws": the JSON-Schema rules have one, and a name they share would make every copied rule need renaming.
    this.ws = this.builder.rule("space", WS);
  }

  marker(text: string): Expr {
    if (this.special.has(text)) return token(text);
    // A marker spelled by several special tokens (InternLM's `<|action_start|><|plugin|>`).
    const parts: Expr[] = [];
    let plain = "";
    for (let i = 0; i < text.length; ) {
      const t = this.longestSpecialAt(text, i);
      if (t) {
        if (plain) parts.push(literal(plain));
        plain = "";
        parts.push(token(t));
        i += t.length;
      } else {
        plain += text[i];
        i++;
      }
    }
    if (plain) parts.push(literal(plain));
    return seq(...parts);
  }

  private longestSpecialAt(text: string, i: number): string | undefined {
    let best: string | undefined;
    for (const t of this.special) if (text.startsWith(t, i) && (!best || t.length > best.length)) best = t;
    return best;
  }

  text(markers: readonly string[]): RuleRef {
    const k = JSON.stringify([...markers].sort());
    let r = this.texts.get(k);
    if (!r) {
      r = this.builder.rule("text", textWithout(markers));
      this.texts.set(k, r);
    }
    return r;
  }

  leadingText(markers: readonly string[], notFirst: string): RuleRef {
    const k = JSON.stringify([[...markers].sort(), notFirst]);
    let r = this.texts.get(k);
    if (!r) {
      r = this.builder.rule("text", leadingTextWithout(markers, notFirst, this.text(markers)));
      this.texts.set(k, r);
    }
    return r;
  }

  args(tool: Tool): RuleRef {
    let r = this.argRules.get(tool.name);
    if (!r) {
      r = this.schemaRule("json", tool.parameters, tool.strict, `args_${tool.name}`);
      this.argRules.set(tool.name, r);
    }
    return r;
  }

  value(tool: Tool, property: ToolProperty, dialect: "json" | "python" = "json"): RuleRef {
    const k = `${dialect}\u0000${tool.name}\u0000${property.name}`;
    let r = this.valueRules.get(k);
    if (!r) {
      r = this.schemaRule(dialect, withDefinitions(property.schema, tool.parameters), tool.strict, `value_${tool.name}_${property.name}`);
      this.valueRules.set(k, r);
    }
    return r;
  }

  rawString(tool: Tool, property: ToolProperty, rawEnd: readonly string[]): RuleRef | undefined {
    const avoid = [...new Set(rawEnd.map((m) => String.fromCodePoint(m.codePointAt(0)!)))].join("");
    const k = `${tool.name}\u0000${property.name}\u0000${avoid}`;
    if (!this.rawRules.has(k)) {
      // Only a pattern or a format (possibly behind a reference) can constrain raw text: most
      // string parameters have neither and need no schema compile.
      const options = { whitespace: this.tuning.whitespace ?? "flexible", strict: tool.strict, name: `raw_${tool.name}_${property.name}`, avoid } as const;
      const added = namesLanguage(property.schema) ? this.schemaSet("json").set.addRawString(withDefinitions(property.schema, tool.parameters), options) : undefined;
      this.rawRules.set(k, added && this.copyRules("json", added.rule));
    }
    return this.rawRules.get(k);
  }

  /**
   * A schema's rule in the grammar. Every schema of one dialect is compiled into one set, so
   * the string, number and whitespace rules exist once however many tools and parameters there
   * are; the set's rules are copied into the grammar as schemas reach them.
   */
  private schemaRule(dialect: "json" | "python", schema: SchemaObject, strict: boolean, name: string): RuleRef {
    const { rule } = this.schemaSet(dialect).set.add(schema, { whitespace: this.tuning.whitespace ?? "flexible", strict, name });
    return this.copyRules(dialect, rule);
  }

  private schemaSet(dialect: "json" | "python"): SchemaSetCopy {
    let s = this.schemas.get(dialect);
    if (!s) this.schemas.set(dialect, (s = { set: new JsonSchemaGrammarSet(), names: new Map(), renamed: false }));
    return s;
  }

  /** Copies `rule` and the rules it reaches from the dialect's set into the grammar (once each). */
  private copyRules(dialect: "json" | "python", rule: string): RuleRef {
    const s = this.schemaSet(dialect);
    // Rules copied for earlier schemas came with their callees: the walk stops at them.
    const fresh = [...s.set.rules([rule], s.names)];
    for (const [n] of fresh) {
      const name = this.builder.fresh(n);
      s.names.set(n, name);
      if (name !== n) s.renamed = true;
    }
    for (const [n, body] of fresh) {
      // Until some name of the set clashes with one of the grammar's own, every rule keeps its
      // name and the bodies need no rewriting (a tool set's rules mostly never clash).
      const renamed = s.renamed ? renameRefs(body, s.names) : body;
      this.builder.define(s.names.get(n)!, dialect === "python" ? pythonKeywords(renamed) : renamed);
    }
    return ref(s.names.get(rule)!);
  }

  reasoningBlock(open: string, close: string): Expr {
    if (this.reasoning === false) return EMPTY;
    const inside = seq(this.text([close]), this.marker(close));
    // "detect" is a parser's mode: for generation it means an optional block, like true.
    return this.reasoning === "started" ? inside : optional(seq(this.marker(open), inside));
  }

  shape(parts: ShapeParts): Expr {
    const reasoning = parts.reasoning ? this.reasoningBlock(parts.reasoning[0], parts.reasoning[1]) : EMPTY;
    // Free text never spells the reasoning markers either: a parser would read them as reasoning.
    const excluded = parts.reasoning ? [...parts.openers, ...parts.reasoning] : parts.openers;
    if (this.choice.mode === "none") return join(reasoning, this.text(excluded));
    const calls = this.builder.rule("calls", seq(parts.calls(), parts.trailing ?? this.ws));
    if (this.choice.mode === "auto") return join(reasoning, this.text(excluded), optional(calls));
    return join(reasoning, this.ws, calls);
  }

  repeatCalls(one: Expr, sep: Expr): Expr {
    if (this.choice.maxCalls === 1) return one;
    const call = one.kind === "ref" ? one : this.builder.rule("call", one);
    return seq(call, star(seq(sep, call)));
  }

}

function selectVariant(format: FormatDefinition, asked: string | undefined, vocabulary: ReadonlySet<string> | undefined): string | undefined {
  const variants = format.variants ?? [];
  if (asked !== undefined) {
    if (!variants.includes(asked)) throw new FormatError("invalid_variant", `format "${format.name}" has no variant "${asked}" (it has: ${variants.join(", ") || "none"})`);
    return asked;
  }
  return (vocabulary && format.selectVariant?.(vocabulary)) ?? variants[0];
}

const PYTHON_KEYWORDS: Readonly<Record<string, string>> = { true: "True", false: "False", null: "None" };

/** A JSON rule body with Python's spellings of `true`, `false` and `null`. */
function pythonKeywords(e: Expr): Expr {
  switch (e.kind) {
    case "literal":
      return Object.hasOwn(PYTHON_KEYWORDS, e.text) ? literal(PYTHON_KEYWORDS[e.text]!) : e;
    case "sequence":
    case "choice":
      return { kind: e.kind, items: e.items.map(pythonKeywords) };
    case "repeat":
      return { ...e, item: pythonKeywords(e.item) };
    default:
      return e;
  }
}

/** `seq` without the empty parts (the grammar prints without stray `""`). */
function join(...items: Expr[]): Expr {
  return seq(...items.filter((e) => !(e.kind === "literal" && e.text === "")));
}

/** Whether a schema has a `pattern`, a `format` or a reference anywhere in it. */
function namesLanguage(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(namesLanguage);
  if (typeof schema !== "object" || schema === null) return false;
  for (const [k, v] of Object.entries(schema)) {
    if (k === "pattern" || k === "format" || k === "$ref" || k === "$dynamicRef" || k === "$recursiveRef") return true;
    if (k !== "enum" && k !== "const" && k !== "default" && k !== "examples" && namesLanguage(v)) return true;
  }
  return false;
}

/** A property schema carrying its tool's definitions, so local `$ref`s still resolve. */
function withDefinitions(schema: SchemaObject, root: SchemaObject): SchemaObject {
  const out: Record<string, unknown> = { ...schema };
  if (root.$defs !== undefined && out.$defs === undefined) out.$defs = root.$defs;
  if (root.definitions !== undefined && out.definitions === undefined) out.definitions = root.definitions;
  return out;
}

/**
 * One call of any of the choice's tools, built by `call(tool)`. The calls' common start (the
 * markers and keys before the tool's name) is written once: an engine then builds one path
 * through it, not one per tool.
 */
export function anyTool(ctx: GrammarContext, call: (tool: Tool) => Expr): Expr {
  return factorChoice(ctx.choice.tools.map(call));
}
