// A SCRIPTED MODEL for the fake WebLLM engine: not a language model. It is given texts it "wants"
// to write, ranked, and writes logits that prefer them in that order — the way a real model's
// distribution holds a favourite continuation and runners-up. When the grammar masks its
// favourite, the best-ranked wish that is still allowed comes out, so a demo shows the mask
// steering between plausible outputs rather than producing noise.
import type { Vocabulary } from "@toolmask/engine";
import { punctuationTokens, type TestModel } from "@toolmask/webllm/simulated";

/** Logit of tokens no wish mentions. */
const FLOOR = -20;
/** Logit of the next token of the best-ranked wish the output still follows. */
const NEXT = 40;
/** How much lower each following rank's next token is. */
const RANK_STEP = 4;
/**
 * Later tokens of the wishes (and tokens of wishes the output left) stay below every wish's next
 * token: they only matter when the grammar allows none of those, so the model drifts back
 * towards its text instead of writing random tokens.
 */
const LATER = 10;
/** A stop token once a followed wish is complete: above everything else. */
const DONE = 60;
/**
 * Once the output has left every wish: stop where allowed, else JSON punctuation that closes
 * (`"`, `}`, `]`) before punctuation that continues (`,`, `{`), so a script that lost its text
 * tends to finish what it opened. It knows no schema: where one requires more, it may not.
 */
const LOST_STOP = 12;
const LOST_PUNCTUATION = 11;

export class ScriptedModel implements TestModel {
  private readonly vocab: Vocabulary;
  private readonly encode: (text: string) => number[];
  private readonly stops: readonly number[];
  private readonly decoder = new TextDecoder();
  private ranked: readonly string[];
  private encoded = new Map<string, number[]>();
  private punctuation: { readonly ids: Int32Array; readonly scores: Float32Array } | undefined;

  /**
   * @param wishes texts the model wants to write, favourite first
   * @param encode the tokenizer of the vocabulary's model family (special tokens recognized)
   */
  constructor(vocab: Vocabulary, encode: (text: string) => number[], wishes: readonly string[] = []) {
    this.vocab = vocab;
    this.encode = encode;
    this.stops = vocab.eosTokenIds;
    this.ranked = wishes;
  }

  /** The texts the model wants, favourite first. */
  get wishes(): readonly string[] {
    return this.ranked;
  }

  /** Replaces the wishes for the next requests. */
  want(wishes: readonly string[]): void {
    this.ranked = wishes;
    this.encoded = new Map();
  }

  start(): void {}

  next(logits: Float32Array, output: readonly number[]): void {
    logits.fill(FLOOR);
    const text = this.text(output);
    let followed = false;
    this.ranked.forEach((wish, rank) => {
      const agree = commonPrefix(text, wish);
      const rest = this.tokens(wish.slice(agree));
      const follows = agree === text.length;
      if (follows && rest.length === 0) {
        for (const id of this.stops) logits[id] = Math.max(logits[id]!, DONE - rank * RANK_STEP);
      }
      rest.forEach((id, i) => {
        const score = follows && i === 0 ? NEXT - rank * RANK_STEP : LATER - rank - i * 0.05;
        if (score > logits[id]!) logits[id] = score;
      });
      followed ||= follows;
    });
    if (!followed) {
      const { ids, scores } = (this.punctuation ??= this.scorePunctuation());
      for (let k = 0; k < ids.length; k++) logits[ids[k]!] = Math.max(logits[ids[k]!]!, scores[k]!);
      for (const id of this.stops) logits[id] = Math.max(logits[id]!, LOST_STOP);
    }
  }

  private scorePunctuation(): { ids: Int32Array; scores: Float32Array } {
    const ids = punctuationTokens(this.vocab);
    const scores = new Float32Array(ids.length);
    ids.forEach((id, k) => {
      const text = this.decoder.decode(this.vocab.tokenBytes(id));
      scores[k] = LOST_PUNCTUATION + (text.includes('"') ? 0.6 : 0) + (/[}\]]/.test(text) ? 0.5 : 0) - (/[,{[]/.test(text) ? 0.5 : 0);
    });
    return { ids, scores };
  }

  private tokens(text: string): number[] {
    if (text === "") return [];
    let ids = this.encoded.get(text);
    if (!ids) {
      ids = this.encode(text);
      this.encoded.set(text, ids);
    }
    return ids;
  }

  /** The output so far as text, special tokens spelled out (what WebLLM's detokenizer shows). */
  private text(output: readonly number[]): string {
    const parts = output.map((id) => {
      const bytes = this.vocab.tokenBytes(id);
      return bytes.length > 0 ? bytes : new TextEncoder().encode(this.vocab.tokenText(id));
    });
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return this.decoder.decode(all);
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
