import { exprNullable, exprProductive, nullableRules, productiveRules } from "./analysis.js";
import { utf8Sequences } from "./codepoint-set.js";
import { classCodepoints, type Expr, type Grammar } from "./ir.js";
import { RecognizerError } from "./errors.js";
import { loneSurrogateAt, utf8Encode } from "./utf8.js";
import { validateGrammar } from "./validate.js";

/** One piece of recognizer input: text (as UTF-8), raw bytes, or one special token. */
export type InputPiece = string | Uint8Array | { readonly token: string };

/** A whole input: text, bytes, or a list of pieces. */
export type RecognizerInput = string | Uint8Array | readonly InputPiece[];

/** An input symbol: a byte (0–255) or the text of a special token. */
export type InputSymbol = number | { readonly token: string };

/**
 * Flattens recognizer input into symbols. Text with a lone surrogate (it has no UTF-8 form) and
 * pieces that are not text, bytes or `{ token: string }` throw `RecognizerError("invalid_input")`
 * naming the piece and offset.
 */
export function inputSymbols(input: RecognizerInput): InputSymbol[] {
  const out: InputSymbol[] = [];
  const add = (piece: unknown, index: number | undefined): void => {
    const where = index === undefined ? "input" : `input piece ${index}`;
    if (typeof piece === "string") {
      const at = loneSurrogateAt(piece);
      if (at >= 0) {
        const unit = piece.charCodeAt(at).toString(16).toUpperCase();
        throw new RecognizerError("invalid_input", `${where} has a lone surrogate U+${unit} at index ${at}, which has no UTF-8 encoding`, at, index);
      }
      for (const b of utf8Encode(piece)) out.push(b);
    } else if (piece instanceof Uint8Array) {
      for (const b of piece) out.push(b);
    } else if (typeof piece === "object" && piece !== null && typeof (piece as { token?: unknown }).token === "string") {
      out.push({ token: (piece as { token: string }).token });
    } else {
      throw new RecognizerError("invalid_input", `${where} is ${describe(piece)}; expected text, bytes (a Uint8Array) or a special token { token: string }`, index, index);
    }
  };
  if (typeof input === "string" || input instanceof Uint8Array) add(input, undefined);
  else if (Array.isArray(input)) input.forEach((piece: unknown, i) => add(piece, i));
  else throw new RecognizerError("invalid_input", `input is ${describe(input)}; expected text, bytes (a Uint8Array) or a list of pieces`);
  return out;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object without a string `token`" : `a ${typeof x}`;
}

/**
 * True if `input` is a complete string of the grammar's language. Text is matched as its UTF-8
 * bytes; text with a lone surrogate has none and throws `RecognizerError("invalid_input")` (with
 * the offset), as does a piece of the wrong type.
 */
export function accepts(grammar: Grammar, input: RecognizerInput): boolean {
  return new Recognizer(grammar).accepts(input);
}

/** True if some string of the grammar's language starts with `input`. Bad input throws as {@link accepts} says. */
export function viablePrefix(grammar: Grammar, input: RecognizerInput): boolean {
  return new Recognizer(grammar).viablePrefix(input);
}

// Lowered grammar: nonterminals are integers; a production is a list of symbols.
type Symbol =
  | { readonly t: "nt"; readonly id: number }
  | { readonly t: "byte"; readonly lo: number; readonly hi: number }
  | { readonly t: "tok"; readonly text: string };

/** `item{min,max}` as a nonterminal of its own, parsed with a counter instead of productions. */
interface RepeatRule {
  readonly item: number;
  readonly min: number;
  readonly max: number;
}

interface Nonterminal {
  readonly nullable: boolean;
  readonly productive: boolean;
  readonly repeat?: RepeatRule;
  /** Filled on first prediction. */
  productions?: readonly (readonly Symbol[])[];
  readonly expand: () => (readonly Symbol[])[];
}

/**
 * An Earley item. For a production item, `dot` indexes `prod`. For a repeat item (`prod` is
 * null), `dot` counts the copies of the repeated item matched since `origin`.
 */
interface Item {
  readonly nt: number;
  readonly prod: readonly Symbol[] | null;
  readonly dot: number;
  readonly origin: number;
}

/**
 * Reference recognizer: a textbook Earley recognizer over bytes, with the Aycock–Horspool
 * treatment of nullable symbols. Written for obviousness, not speed; it is the oracle the
 * engine is tested against. Every IR node becomes a nonterminal. `x{m,n}` is one nonterminal
 * whose items carry a count of copies matched (capped at m when n is unbounded), so large
 * bounds are never unrolled and long repetitions stay linear (right-recursive lowering would
 * make Earley quadratic). Unproductive nonterminals are pruned, which makes "the chart is not
 * empty" mean exactly "the input is a viable prefix".
 */
export class Recognizer {
  private readonly nts: Nonterminal[] = [];
  private readonly byExpr = new Map<Expr, number>();
  private readonly byRule = new Map<string, number>();
  private readonly nullable: Set<string>;
  private readonly productive: Set<string>;
  private readonly startNt: number;

  constructor(readonly grammar: Grammar) {
    validateGrammar(grammar);
    this.nullable = nullableRules(grammar);
    this.productive = productiveRules(grammar);
    this.startNt = this.ruleNt(grammar.start);
  }

  /** See {@link accepts}: text with a lone surrogate, or a piece of the wrong type, throws `RecognizerError("invalid_input")`. */
  accepts(input: RecognizerInput): boolean {
    const session = this.session();
    return session.push(inputSymbols(input)) && session.accepting();
  }

  /** See {@link viablePrefix}; bad input throws as {@link accepts} says. */
  viablePrefix(input: RecognizerInput): boolean {
    return this.session().push(inputSymbols(input));
  }

  /** An incremental run: push symbols, check, and rewind to an earlier length. */
  session(): RecognizerSession {
    return new RecognizerSession(this, this.startNt);
  }

  /** @internal */
  productionsOf(id: number): readonly (readonly Symbol[])[] {
    const nt = this.nts[id]!;
    if (!nt.productions) {
      nt.productions = nt.expand().filter((p) => p.every((s) => s.t !== "nt" || this.nts[s.id]!.productive));
    }
    return nt.productions;
  }

  /** @internal */
  info(id: number): Nonterminal {
    return this.nts[id]!;
  }

  private add(nullable: boolean, productive: boolean, expand: () => (readonly Symbol[])[], repeat?: RepeatRule): number {
    this.nts.push({ nullable, productive, expand, ...(repeat ? { repeat } : {}) });
    return this.nts.length - 1;
  }

  private ruleNt(name: string): number {
    let id = this.byRule.get(name);
    if (id === undefined) {
      const body = this.grammar.rules.get(name)!;
      id = this.add(this.nullable.has(name), this.productive.has(name), () => [[this.sym(body)]]);
      this.byRule.set(name, id);
    }
    return id;
  }

  private sym(e: Expr): Symbol {
    return { t: "nt", id: this.exprNt(e) };
  }

  private exprNt(e: Expr): number {
    if (e.kind === "ref") return this.ruleNt(e.name);
    let id = this.byExpr.get(e);
    if (id !== undefined) return id;
    const nullable = exprNullable(e, this.nullable);
    const productive = exprProductive(e, this.productive);
    switch (e.kind) {
      case "literal":
        id = this.add(nullable, productive, () => [Array.from(utf8Encode(e.text), (b) => ({ t: "byte", lo: b, hi: b }) as const)]);
        break;
      case "token":
        id = this.add(nullable, productive, () => [[{ t: "tok", text: e.text }]]);
        break;
      case "class":
        id = this.add(nullable, productive, () => utf8Sequences(classCodepoints(e)).map((s) => s.map(([lo, hi]) => ({ t: "byte", lo, hi }) as const)));
        break;
      case "sequence":
        id = this.add(nullable, productive, () => [e.items.map((x) => this.sym(x))]);
        break;
      case "choice":
        id = this.add(nullable, productive, () => e.items.map((x) => [this.sym(x)]));
        break;
      case "repeat": {
        const item = this.exprNt(e.item);
        // An unproductive item can only be used zero times.
        const max = this.nts[item]!.productive ? e.max : 0;
        id = this.add(nullable, productive, () => [], { item, min: e.min, max });
        break;
      }
    }
    this.byExpr.set(e, id);
    return id;
  }
}

/** Earley chart over pushed symbols. */
export class RecognizerSession {
  private readonly sets: Item[][] = [];
  private readonly keys: Set<string>[] = [];

  constructor(
    private readonly rec: Recognizer,
    private readonly start: number,
  ) {
    this.sets.push([]);
    this.keys.push(new Set());
    this.predict(0, start);
    this.close(0);
  }

  /** Number of symbols pushed so far. */
  get length(): number {
    return this.sets.length - 1;
  }

  /**
   * Pushes symbols; returns false (and stops) once the input is no longer a viable prefix. A
   * symbol that is not a byte (an integer 0–255) or `{ token: string }` throws
   * `RecognizerError("invalid_input")` with its index, before anything is pushed.
   */
  push(symbols: readonly InputSymbol[]): boolean {
    if (!Array.isArray(symbols)) throw new RecognizerError("invalid_input", `push takes a list of symbols, not ${describe(symbols)}`);
    for (let k = 0; k < symbols.length; k++) {
      const s: unknown = symbols[k];
      const ok = typeof s === "number" ? Number.isInteger(s) && s >= 0 && s <= 255 : typeof s === "object" && s !== null && typeof (s as { token?: unknown }).token === "string";
      if (!ok) throw new RecognizerError("invalid_input", `symbol ${k} is ${typeof s === "number" ? String(s) : describe(s)}; expected a byte (an integer 0-255) or a special token { token: string }`, k);
    }
    if (!this.viable()) return false;
    for (const s of symbols) {
      const i = this.sets.length - 1;
      this.sets.push([]);
      this.keys.push(new Set());
      for (const item of this.sets[i]!) {
        const next = item.prod?.[item.dot];
        if (next && next.t !== "nt" && matches(next, s)) this.addItem(i + 1, { ...item, dot: item.dot + 1 });
      }
      this.close(i + 1);
      if (this.sets[i + 1]!.length === 0) return false;
    }
    return true;
  }

  /**
   * Forgets everything pushed after the first `length` symbols. `length` must be an integer from
   * 0 to the current {@link length}; anything else throws `RecognizerError("invalid_rewind")` and
   * leaves the session as it was.
   */
  rewind(length: number): void {
    if (typeof length !== "number" || !Number.isInteger(length) || length < 0 || length > this.length) {
      throw new RecognizerError("invalid_rewind", `cannot rewind to length ${String(length)}: it must be an integer from 0 to the ${this.length} symbols pushed so far`, typeof length === "number" ? length : undefined);
    }
    this.sets.length = length + 1;
    this.keys.length = length + 1;
  }

  viable(): boolean {
    return this.sets[this.sets.length - 1]!.length > 0;
  }

  /** True if the symbols pushed so far form a complete string of the language. */
  accepting(): boolean {
    return this.sets[this.sets.length - 1]!.some((it) => it.nt === this.start && it.origin === 0 && this.complete(it));
  }

  private complete(item: Item): boolean {
    if (item.prod) return item.dot === item.prod.length;
    return item.dot >= this.rec.info(item.nt).repeat!.min;
  }

  /** The nonterminal `item` waits for next, if any. */
  private awaited(item: Item): number | undefined {
    if (item.prod) {
      const next = item.prod[item.dot];
      return next?.t === "nt" ? next.id : undefined;
    }
    const r = this.rec.info(item.nt).repeat!;
    return item.dot < r.max ? r.item : undefined;
  }

  /** `item` after one more awaited nonterminal (or one more copy, for a repeat). */
  private advanced(item: Item): Item {
    if (item.prod) return { ...item, dot: item.dot + 1 };
    const r = this.rec.info(item.nt).repeat!;
    // With no upper bound, counts past the minimum are all alike.
    return { ...item, dot: r.max === Infinity ? Math.min(item.dot + 1, r.min) : item.dot + 1 };
  }

  private predict(i: number, nt: number): void {
    if (this.rec.info(nt).repeat) this.addItem(i, { nt, prod: null, dot: 0, origin: i });
    else for (const prod of this.rec.productionsOf(nt)) this.addItem(i, { nt, prod, dot: 0, origin: i });
  }

  private addItem(i: number, item: Item): void {
    const prodIndex = item.prod ? this.rec.productionsOf(item.nt).indexOf(item.prod) : -1;
    const key = `${item.nt}/${prodIndex}/${item.dot}/${item.origin}`;
    const keys = this.keys[i]!;
    if (keys.has(key)) return;
    keys.add(key);
    this.sets[i]!.push(item);
  }

  /** Prediction and completion until the set stops growing. */
  private close(i: number): void {
    const set = this.sets[i]!;
    for (let k = 0; k < set.length; k++) {
      const item = set[k]!;
      if (this.complete(item)) {
        for (const parent of this.sets[item.origin]!) {
          if (this.awaited(parent) === item.nt) this.addItem(i, this.advanced(parent));
        }
      }
      const want = this.awaited(item);
      if (want !== undefined) {
        this.predict(i, want);
        if (this.rec.info(want).nullable) this.addItem(i, this.advanced(item));
      }
    }
  }
}

function matches(s: Symbol, input: InputSymbol): boolean {
  if (s.t === "byte") return typeof input === "number" && input >= s.lo && input <= s.hi;
  return typeof input !== "number" && s.t === "tok" && s.text === input.token;
}
