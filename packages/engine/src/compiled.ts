import { grammarKey, parseEbnf, type Grammar } from "@toolmask/grammar";
import { DEFAULT_AUTOMATON_BUDGET, compileTables, type AutomatonBudget } from "./compile.js";
import type { Automata } from "./automata.js";
import { CompileError } from "./errors.js";
import type { Vocabulary } from "./vocabulary.js";
import { now } from "./clock.js";

/** What `compileGrammar` accepts: grammar IR, or EBNF source (XGrammar / WebLLM dialect). */
export type GrammarInput = Grammar | { readonly ebnf: string; readonly start?: string };

export interface CompileGrammarOptions {
  readonly budget?: AutomatonBudget;
  /** Reuse an earlier compilation of the same grammar for this vocabulary (default true). */
  readonly cache?: boolean;
  /** Bytes of cached masks kept per compiled grammar before the oldest are dropped (default 64 MiB). */
  readonly maskCacheBytes?: number;
}

/** A cached mask: dense bits, or the allowed ids when few. */
export type StoredMask = Uint32Array | { readonly ids: Uint32Array };

/**
 * A grammar compiled for one vocabulary. Immutable and shareable: any number of
 * `GrammarMatcher`s (one per request) can run on it, and they share its caches — the parser
 * state keys and the masks computed for them — so a state seen by one request is instant for
 * the next.
 */
export class CompiledGrammar {
  /** @internal Parser state keys, interned. */
  readonly stateKeys = new Map<string, number>();
  /** @internal Masks by state key. */
  readonly masks = new Map<number, StoredMask>();
  private maskBytes = 0;
  private readonly maskBudgetBytes: number;

  /** @internal */
  constructor(
    readonly grammar: Grammar,
    readonly vocab: Vocabulary,
    /** @internal */ readonly tables: Automata,
    /** Milliseconds spent compiling (0 when served from the cache). */
    readonly compileMs: number,
    options: CompileGrammarOptions,
  ) {
    this.maskBudgetBytes = options.maskCacheBytes ?? 64 * 2 ** 20;
  }

  /** Automaton states made so far (they are made as parsing reaches them). */
  get numStates(): number {
    return this.tables.numStates;
  }

  /** Bytes held by the automata made so far and by the masks cached so far. */
  memoryBytes(): { tables: number; maskCache: number } {
    return { tables: this.tables.memoryBytes(), maskCache: this.maskBytes };
  }

  /** @internal */
  storeMask(key: number, mask: StoredMask): void {
    const bytes = mask instanceof Uint32Array ? mask.byteLength : mask.ids.byteLength;
    this.masks.set(key, mask);
    this.maskBytes += bytes;
    // Oldest first: Map iteration follows insertion order.
    for (const [k, m] of this.masks) {
      if (this.maskBytes <= this.maskBudgetBytes) break;
      this.masks.delete(k);
      this.maskBytes -= m instanceof Uint32Array ? m.byteLength : m.ids.byteLength;
    }
  }
}

/**
 * Compiles a grammar for a vocabulary. The result is cached per vocabulary by the grammar's
 * content, so compiling the same tool set again is free.
 *
 * @example
 * const compiled = compileGrammar(vocab, { ebnf: 'root ::= "yes" | "no"' });
 * const matcher = new GrammarMatcher(compiled);
 */
export function compileGrammar(vocab: Vocabulary, input: GrammarInput, options: CompileGrammarOptions = {}): CompiledGrammar {
  const grammar = toGrammar(input);
  const useCache = options.cache ?? true;
  let cache = vocab.caches.get("compiled") as Map<string, CompiledGrammar> | undefined;
  if (!cache) {
    cache = new Map();
    vocab.caches.set("compiled", cache);
  }
  const key = useCache ? grammarKey(grammar) : "";
  if (useCache) {
    const hit = cache.get(key);
    if (hit) return hit;
  }
  const t0 = now();
  const tables = compileTables(grammar, vocab, options.budget ?? DEFAULT_AUTOMATON_BUDGET);
  const compiled = new CompiledGrammar(grammar, vocab, tables, now() - t0, options);
  if (useCache) {
    cache.set(key, compiled);
    // Keep the most recent 64 grammars per vocabulary.
    for (const k of cache.keys()) {
      if (cache.size <= 64) break;
      cache.delete(k);
    }
  }
  return compiled;
}

function toGrammar(input: GrammarInput): Grammar {
  if (input === null || typeof input !== "object") throw new CompileError("unsupported_input", `compileGrammar takes grammar IR or { ebnf }, got ${input === null ? "null" : typeof input}`);
  if ("rules" in input && "start" in input && input.rules instanceof Map) return input as Grammar;
  if ("ebnf" in input && typeof input.ebnf === "string") return parseEbnf(input.ebnf, input.start === undefined ? {} : { start: input.start });
  throw new CompileError("unsupported_input", "compileGrammar takes grammar IR or { ebnf }; for a JSON Schema, compile it with jsonSchemaToGrammar (@toolmask/schema) first, or use compileGrammar from the toolmask package");
}
