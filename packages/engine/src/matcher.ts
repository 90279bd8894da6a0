import { loneSurrogateAt, utf8Decode, utf8Encode } from "@toolmask/grammar";
import { checkBitmask, countAllowed, setIds } from "./bitmask.js";
import { countKey } from "./classify.js";
import { StateFlag } from "./compiled-grammar.js";
import type { CompiledGrammar, StoredMask } from "./compiled.js";
import { Chart } from "./earley.js";
import { MatcherError } from "./errors.js";
import { MaskComputer } from "./mask.js";

export interface MatcherOptions {
  /**
   * Parser work (items processed) allowed for one mask or one token before the operation fails
   * with `MatcherError("work_budget_exceeded")` instead of running on. Default 20 million.
   */
  readonly workBudget?: number;
}

const EOS_MARK = -1;

/**
 * Follows one generation through a compiled grammar: says which tokens may come next
 * (`fillNextTokenBitmask`) and advances by the token that was sampled (`acceptToken`). One
 * matcher per request; many can share a `CompiledGrammar`.
 *
 * @example
 * const mask = allocateTokenBitmask(vocab.vocabSize);
 * matcher.fillNextTokenBitmask(mask);
 * applyTokenBitmask(logits, mask);
 * matcher.acceptToken(sampledId);
 */
export class GrammarMatcher {
  private chart: Chart;
  private readonly masker: MaskComputer;
  /** Chart length before each accepted token (EOS_MARK for an accepted stop token). */
  private history: number[] = [];
  private terminated = false;
  /** Interned context id of each chart set, -1 if not computed yet. */
  private ctx = new Int32Array(64).fill(-1);
  private readonly budget: number;
  private readonly eos: ReadonlySet<number>;

  constructor(
    readonly compiled: CompiledGrammar,
    options: MatcherOptions = {},
  ) {
    this.chart = new Chart(compiled.tables);
    this.chart.start();
    this.masker = new MaskComputer(compiled.tables);
    this.budget = options.workBudget ?? 20_000_000;
    this.eos = new Set(compiled.vocab.eosTokenIds);
  }

  /** True once a stop token has been accepted. */
  isTerminated(): boolean {
    return this.terminated;
  }

  /** True if the output so far is a complete string of the grammar (a stop token would be accepted). */
  canTerminate(): boolean {
    return !this.terminated && this.chart.canEnd();
  }

  /**
   * Writes the allowed next tokens into `mask` (ceil(vocabSize/32) words, bit 1 = allowed). Stop
   * tokens are allowed exactly where the grammar can end; ids past the tokenizer never are. After
   * termination only stop tokens are set.
   */
  fillNextTokenBitmask(mask: Uint32Array): void {
    const vocab = this.compiled.vocab;
    checkBitmask(mask, vocab.vocabSize);
    if (this.terminated) {
      mask.fill(0);
      for (const id of vocab.eosTokenIds) mask[id >>> 5]! |= 1 << (id & 31);
      return;
    }
    const key = this.stateKey();
    const stored = this.compiled.masks.get(key);
    if (stored) {
      writeMask(stored, mask);
      return;
    }
    this.chart.budget = this.budget;
    this.masker.fill(this.chart, mask, this.budget);
    this.chart.truncate(this.chart.last + 1);
    const allowed = countAllowed(mask);
    if (allowed === 0) {
      throw new MatcherError("no_valid_token", "no token of this vocabulary can continue the output, though the grammar is not finished (it needs bytes no token spells)");
    }
    this.compiled.storeMask(key, allowed > mask.length ? mask.slice() : { ids: idsOf(mask, allowed) });
  }

  /** Advances by one token. Returns false, leaving the state unchanged, if the token is not allowed. */
  acceptToken(id: number): boolean {
    const vocab = this.compiled.vocab;
    if (!Number.isInteger(id) || id < 0 || id >= vocab.vocabSize) {
      throw new MatcherError("invalid_token_id", `token id ${id} is outside the vocabulary (size ${vocab.vocabSize})`);
    }
    if (this.terminated) return false;
    if (this.eos.has(id)) {
      if (!this.chart.canEnd()) return false;
      this.terminated = true;
      this.history.push(EOS_MARK);
      return true;
    }
    if (vocab.isSpecial(id)) return this.step(id, null);
    const bytes = vocab.tokenBytes(id);
    return bytes.length > 0 && this.step(-1, bytes);
  }

  /**
   * Advances by text (as UTF-8 bytes), e.g. forced text fed in one step. False — the grammar
   * refuses the text, or the matcher has terminated — leaves the state unchanged. Text that cannot
   * be encoded is a caller bug, like a token id outside the vocabulary in `acceptToken`: a lone
   * surrogate (no UTF-8 form) or a non-string throws `MatcherError("invalid_text")` naming the
   * index, state unchanged. So does `work_budget_exceeded`.
   */
  acceptString(text: string): boolean {
    if (typeof text !== "string") throw new MatcherError("invalid_text", `acceptString takes a string, not ${text === null ? "null" : typeof text}`);
    const bad = loneSurrogateAt(text);
    if (bad >= 0) {
      throw new MatcherError("invalid_text", `text has a lone surrogate U+${text.charCodeAt(bad).toString(16).toUpperCase()} at index ${bad}, which has no UTF-8 encoding`);
    }
    if (this.terminated) return false;
    return this.step(-1, utf8Encode(text));
  }

  /**
   * One accepted step: special token `id` (`bytes` null) or `bytes`, scanned within the work
   * budget. Refused, or out of budget part way (the error is rethrown), the chart loses whatever
   * was scanned and the state is unchanged.
   */
  private step(id: number, bytes: Uint8Array | null): boolean {
    const before = this.chart.numSets;
    this.chart.budget = this.budget;
    let ok: boolean;
    try {
      ok = bytes === null ? this.chart.scanToken(id) : this.scanBytes(bytes);
    } catch (e) {
      this.chart.truncate(before);
      throw e;
    }
    if (!ok) {
      this.chart.truncate(before);
      return false;
    }
    this.history.push(before);
    return true;
  }

  /** Undoes the last `n` accepted tokens (or strings). */
  rollback(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.history.length) {
      throw new MatcherError("invalid_rollback", `cannot roll back ${n} tokens; ${this.history.length} were accepted`);
    }
    for (let i = 0; i < n; i++) {
      const before = this.history.pop()!;
      if (before === EOS_MARK) this.terminated = false;
      else this.chart.truncate(before);
    }
    this.ctx.fill(-1, this.chart.numSets);
  }

  /** Number of tokens accepted so far (and not rolled back). */
  get acceptedCount(): number {
    return this.history.length;
  }

  /** Back to the start of the grammar. */
  reset(): void {
    this.chart.start();
    this.history = [];
    this.terminated = false;
    this.ctx.fill(-1);
  }

  /**
   * Text the grammar forces next, whatever the model would choose: while exactly one byte can
   * follow (and the grammar cannot end), that byte is forced. Only whole characters are returned.
   * Feed it with `acceptString` to skip those decode steps (jump-forward). `maxBytes` (a
   * non-negative integer, else `MatcherError("invalid_argument")`) bounds the text; so does the
   * work budget, for the whole call: past it the text forced so far is returned. The state is
   * unchanged either way.
   */
  forcedText(maxBytes = 1024): string {
    if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new MatcherError("invalid_argument", `forcedText's maxBytes must be a non-negative integer, not ${maxBytes}`);
    if (this.terminated) return "";
    const chart = this.chart;
    const start = chart.numSets;
    const bytes: number[] = [];
    chart.budget = this.budget;
    try {
      this.forceBytes(bytes, maxBytes);
    } catch (e) {
      if (!(e instanceof MatcherError && e.code === "work_budget_exceeded")) throw e;
    } finally {
      chart.truncate(start);
    }
    // Keep whole characters only: drop a trailing partial UTF-8 sequence.
    let end = bytes.length;
    for (let back = 1; back <= 3 && back <= end; back++) {
      const b = bytes[end - back]!;
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (need > back) end -= back;
      break;
    }
    const decoded = utf8Decode(Uint8Array.from(bytes.slice(0, end)));
    return "text" in decoded ? decoded.text : "";
  }

  /** Scans forced bytes into the chart (the caller truncates it), appending them to `bytes`. */
  private forceBytes(bytes: number[], maxBytes: number): void {
    const g = this.compiled.tables;
    const chart = this.chart;
    const classes = new Uint8Array(g.numClasses);
    while (bytes.length < maxBytes && !chart.canEnd()) {
      classes.fill(0);
      let tokens = false;
      for (let k = chart.setBegin(chart.last), end = chart.setEnd(chart.last); k < end; k++) {
        const s = chart.state[k]!;
        const f = g.stateFlags[s]!;
        if (f & StateFlag.HasTokenEdges) tokens = true;
        if (f & StateFlag.HasByteEdges) for (let c = 0; c < g.numClasses; c++) if (g.next(s, c) >= 0) classes[c] = 1;
      }
      if (tokens) break;
      let only = -1;
      let n = 0;
      for (let b = 0; b < 256 && n < 2; b++) {
        if (classes[g.byteClass[b]!]) {
          only = b;
          n++;
        }
      }
      if (n !== 1) break;
      chart.scanByte(only);
      bytes.push(only);
    }
  }

  /** An independent copy in the same state (e.g. to explore a branch). */
  clone(): GrammarMatcher {
    const c = new GrammarMatcher(this.compiled, { workBudget: this.budget });
    c.chart = this.chart.clone();
    c.history = this.history.slice();
    c.terminated = this.terminated;
    c.ctx = this.ctx.slice();
    return c;
  }

  private scanBytes(bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) if (!this.chart.scanByte(bytes[i]!)) return false;
    return true;
  }

  /**
   * An id for the parser state that determines the next mask: the items of the last set, each
   * with its origin set's context (the items there waiting for rules to finish, recursively).
   * Repeat counts are clamped to what one token can tell apart. Equal ids mean equal masks.
   */
  private stateKey(): number {
    const j = this.chart.last;
    return this.intern(this.describeSet(j, false));
  }

  private contextId(k: number): number {
    if (k >= this.ctx.length) {
      const grown = new Int32Array(Math.max(k + 1, this.ctx.length * 2)).fill(-1);
      grown.set(this.ctx);
      this.ctx = grown;
    }
    let id = this.ctx[k]!;
    if (id < 0) {
      id = this.intern(this.describeSet(k, true));
      this.ctx[k] = id;
    }
    return id;
  }

  private describeSet(k: number, waitingOnly: boolean): string {
    const g = this.compiled.tables;
    const chart = this.chart;
    const parts: string[] = [];
    for (let i = chart.setBegin(k), end = chart.setEnd(k); i < end; i++) {
      const s = chart.state[i]!;
      const f = g.stateFlags[s]!;
      const o = chart.origin[i]!;
      if (waitingOnly && (f & (StateFlag.HasNtEdges | StateFlag.Repeat)) === 0) continue;
      const count = f & StateFlag.Repeat ? countKey(g, g.stateRule[s]!, chart.count[i]!) : "";
      parts.push(`${s}:${count}:${o === k ? "h" : this.contextId(o)}`);
    }
    // Set 0 is where the start rule began: whether the grammar can end depends on an item having
    // exactly that origin, so its context never equals another set's.
    return (waitingOnly ? (k === 0 ? "c0" : "c") : "s") + parts.sort().join(",");
  }

  private intern(text: string): number {
    const keys = this.compiled.stateKeys;
    let id = keys.get(text);
    if (id === undefined) {
      id = keys.size;
      keys.set(text, id);
    }
    return id;
  }
}

function writeMask(stored: StoredMask, out: Uint32Array): void {
  if (stored instanceof Uint32Array) {
    out.set(stored);
    return;
  }
  out.fill(0);
  setIds(out, stored.ids);
}

function idsOf(mask: Uint32Array, count: number): Uint32Array {
  const ids = new Uint32Array(count);
  let k = 0;
  for (let w = 0; w < mask.length; w++) {
    let v = mask[w]!;
    while (v !== 0) {
      ids[k++] = w * 32 + (31 - Math.clz32(v & -v));
      v &= v - 1;
    }
  }
  return ids;
}
