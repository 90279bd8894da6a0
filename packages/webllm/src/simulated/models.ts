// Test doubles of language models for the fake WebLLM engine. Neither is a real model: they only
// write logits, so that what the processor enforces can be checked on real tokenizers.
import type { Vocabulary } from "@toolmask/engine";
import { mulberry32, type TestModel } from "./fake-engine.js";

/** Logit of tokens the model does not care about: far below every preference. */
const FLOOR = -20;

// JSON punctuation, possibly with one space or newline around it; whitespace-only tokens excluded.
const PUNCTUATION = /^[ \n]?["{}[\],:]+[ \n]?$/;

/** Ids of tokens made of JSON punctuation (`"`, `}`, `"},`, ` {"`, …). */
export function punctuationTokens(vocab: Vocabulary): Int32Array {
  const ids: number[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let id = 0; id < vocab.tokenCount; id++) {
    const bytes = vocab.tokenBytes(id);
    if (bytes.length === 0) continue;
    try {
      if (PUNCTUATION.test(decoder.decode(bytes))) ids.push(id);
    } catch {
      // a partial UTF-8 sequence is no punctuation
    }
  }
  return Int32Array.from(ids);
}

/**
 * A SEEDED RANDOM MODEL with adversarial logits: each step it wants a few random token ids
 * anywhere in the logits (ids past the tokenizer included), wants every special token (call
 * openers and closers, stop tokens) at random strengths, and leans more and more towards JSON
 * punctuation and stop tokens, so most outputs end within a short max_tokens. Whatever it wants, the processor
 * must keep the output valid.
 */
export class SeededRandomModel implements TestModel {
  private rng: () => number;
  private readonly specials: Int32Array;
  private readonly stops: readonly number[];
  private readonly punctuation: Int32Array;
  private readonly size: number;

  constructor(vocab: Vocabulary, seed: number, punctuation = punctuationTokens(vocab)) {
    this.rng = mulberry32(seed);
    this.size = vocab.vocabSize;
    this.specials = Int32Array.from(new Set([...vocab.specialTokens.values(), ...vocab.eosTokenIds]));
    this.stops = vocab.eosTokenIds;
    this.punctuation = punctuation;
  }

  reseed(seed: number): void {
    this.rng = mulberry32(seed);
  }

  start(): void {}

  next(logits: Float32Array, output: readonly number[]): void {
    const r = this.rng;
    logits.fill(FLOOR);
    for (let k = 0; k < 24; k++) logits[Math.floor(r() * this.size)] = r() * 8;
    for (let k = 0; k < this.specials.length; k++) logits[this.specials[k]!] = r() * 12 - 4;
    const pressure = output.length / 6;
    for (let k = 0; k < this.punctuation.length; k++) logits[this.punctuation[k]!] = r() * 5 - 2 + pressure;
    for (const id of this.stops) logits[id] = r() * 8 - 2 + pressure;
  }
}

/**
 * A REPLAY MODEL: puts its logit mass on the tokens of a target text, in order, from where the
 * output stopped agreeing with the target; when the grammar forbids what it wants, it still
 * prefers the rest of the target's tokens, then stop tokens.
 */
export class ReplayModel implements TestModel {
  private readonly target: string;
  private readonly vocab: Vocabulary;
  private readonly encode: (text: string) => number[];
  private readonly stops: readonly number[];

  constructor(target: string, vocab: Vocabulary, encode: (text: string) => number[]) {
    this.target = target;
    this.vocab = vocab;
    this.encode = encode;
    this.stops = vocab.eosTokenIds;
  }

  start(): void {}

  next(logits: Float32Array, output: readonly number[]): void {
    logits.fill(FLOOR);
    const text = decode(this.vocab, output);
    let agree = 0;
    while (agree < text.length && agree < this.target.length && text[agree] === this.target[agree]) agree++;
    const wanted = agree < this.target.length ? this.encode(this.target.slice(agree)) : [];
    wanted.forEach((id, i) => {
      logits[id] = Math.max(logits[id]!, 30 - i * 0.25);
    });
    for (const id of this.stops) logits[id] = agree >= this.target.length ? 40 : 2;
  }
}

function decode(vocab: Vocabulary, ids: readonly number[]): string {
  const parts: Uint8Array[] = ids.map((id) => {
    const b = vocab.tokenBytes(id);
    return b.length > 0 ? b : new TextEncoder().encode(vocab.tokenText(id));
  });
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new TextDecoder().decode(all);
}
