// The request's own sampling, done inside the LogitProcessor when toolmask drives generation token
// by token: WebLLM's `forwardTokensAndSample` samples with the chat config's temperature and top_p
// and ignores the request, so the processor applies logit_bias, penalties, temperature, top_p and
// the seed itself, then leaves exactly one logit finite. WebLLM's sampler (softmax → top-p) can
// only pick that token, whatever its own settings.
import type { TokenLogprob } from "./openai-types.js";

/** The sampling parameters of one request, with the model's defaults filled in. */
export interface SamplingOptions {
  /** 0 samples greedily. */
  readonly temperature: number;
  /** Nucleus mass in (0, 1]. */
  readonly topP: number;
  /** Seeds the request's random numbers; without it each request draws fresh ones. */
  readonly seed?: number;
  /** Added to the logits before the grammar mask, so a bias can never let a forbidden token through. */
  readonly logitBias?: { readonly [tokenId: string]: number };
  /** OpenAI's penalties, applied to tokens already generated in this request. */
  readonly frequencyPenalty?: number;
  readonly presencePenalty?: number;
  /** -1: no logprobs; 0–5: the sampled token's logprob and that many alternatives. */
  readonly topLogprobs: number;
}

/** What one sampling step chose. */
export interface SampledToken {
  readonly token: number;
  /** The token's log probability under the masked, biased distribution at temperature 1. */
  readonly logprob: number;
  /** The most likely alternatives (ids and logprobs), best first; empty unless asked. */
  readonly top: readonly { readonly token: number; readonly logprob: number }[];
}

/**
 * Tokens more than this many nats below the best one (relative probability < 2e-9 each, under
 * 4e-4 in all even for 200k of them) are left out of the normalizer and of sampling: only
 * comparisons are spent on them, which keeps a step over 200k logits to a few exponentials.
 */
const CUTOFF_NATS = 20;

/** Top-p bins: 1/16 nat each, over the cutoff range scaled by temperatures up to 2 (and beyond, in the last bin). */
const BINS_PER_NAT = 16;
const BINS = CUTOFF_NATS * 2 * BINS_PER_NAT + 1;

// exp(x) for x in [-CUTOFF_NATS * 2, 0] from a table of exp(-k/256) with linear interpolation
// (relative error below 1e-5, under the precision of fp16 logits), else Math.exp. A step over a
// vocabulary spends more on exponentials than on anything else.
const EXP_STEPS = 256;
const EXP_TABLE = Float64Array.from({ length: CUTOFF_NATS * 2 * EXP_STEPS + 2 }, (_, k) => Math.exp(-k / EXP_STEPS));

function fastExp(x: number): number {
  const t = -x * EXP_STEPS;
  if (!(t >= 0) || t >= EXP_TABLE.length - 1) return Math.exp(x);
  const k = t | 0;
  const f = t - k;
  return EXP_TABLE[k]! + (EXP_TABLE[k + 1]! - EXP_TABLE[k]!) * f;
}

/** Seeded PRNG (mulberry32): small, fast and the same in every JavaScript engine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One request's sampler. `sample(logits)` reads logits that are already masked (disallowed =
 * -Infinity), chooses a token, and returns it; `count(token)` feeds the penalties.
 */
export class RequestSampler {
  readonly options: SamplingOptions;
  private readonly random: () => number;
  private readonly counts = new Map<number, number>();
  private ids = new Int32Array(4096);
  private weights = new Float64Array(4096);
  private sorted = new Float64Array(4096);
  private readonly bins = new Float64Array(BINS);
  private readonly bias: readonly (readonly [number, number])[];

  constructor(options: SamplingOptions) {
    this.options = options;
    this.random = options.seed !== undefined ? seededRandom(options.seed) : Math.random;
    this.bias = Object.entries(options.logitBias ?? {}).map(([k, v]) => [Number(k), v] as const);
  }

  /** Adds `logit_bias` (before the mask: a bias cannot lift a forbidden token). */
  applyBias(logits: Float32Array): void {
    for (const [id, b] of this.bias) if (id >= 0 && id < logits.length) logits[id] = logits[id]! + b;
  }

  /** Counts a generated token for the frequency and presence penalties. */
  count(token: number): void {
    this.counts.set(token, (this.counts.get(token) ?? 0) + 1);
  }

  /**
   * Chooses the next token from masked logits; `limit` excludes ids at or past it (logits past the
   * tokenizer). Returns undefined when no token is finite.
   */
  sample(logits: Float32Array, limit: number, mask?: Uint32Array): SampledToken | undefined {
    const { frequencyPenalty = 0, presencePenalty = 0, temperature, topLogprobs } = this.options;
    if (frequencyPenalty !== 0 || presencePenalty !== 0) {
      for (const [id, n] of this.counts) if (id < logits.length) logits[id] = logits[id]! - presencePenalty - frequencyPenalty * n;
    }
    const end = Math.min(limit, logits.length);
    // With a mask, only its allowed ids are read (a step inside JSON structure allows a handful).
    let max = -Infinity;
    let best = -1;
    if (mask) {
      for (let w = 0, words = Math.min(mask.length, (end + 31) >>> 5); w < words; w++) {
        for (let bits = mask[w]!; bits !== 0; bits &= bits - 1) {
          const i = (w << 5) | (31 - Math.clz32(bits & -bits));
          const v = logits[i]!;
          if (i < end && v > max) {
            max = v;
            best = i;
          }
        }
      }
    } else {
      for (let i = 0; i < end; i++) {
        const v = logits[i]!;
        if (v > max) {
          max = v;
          best = i;
        }
      }
    }
    if (best < 0) return undefined;
    const greedy = temperature < 1e-5;
    if (greedy && topLogprobs < 0) return { token: best, logprob: 0, top: [] };
    // Candidates: within CUTOFF_NATS of the best at temperature 1 (logprobs) and at the request's
    // temperature (sampling), whichever reaches further.
    const scale = greedy ? 1 : Math.max(1, temperature);
    const cut = max - CUTOFF_NATS * scale;
    let n = 0;
    if (mask) {
      for (let w = 0, words = Math.min(mask.length, (end + 31) >>> 5); w < words; w++) {
        for (let bits = mask[w]!; bits !== 0; bits &= bits - 1) {
          const i = (w << 5) | (31 - Math.clz32(bits & -bits));
          if (i < end && logits[i]! > cut) {
            if (n === this.ids.length) this.grow();
            this.ids[n++] = i;
          }
        }
      }
    } else {
      for (let i = 0; i < end; i++) {
        if (logits[i]! > cut) {
          if (n === this.ids.length) this.grow();
          this.ids[n++] = i;
        }
      }
    }
    let token = best;
    if (!greedy) token = this.draw(logits, n, max, temperature);
    if (topLogprobs < 0) return { token, logprob: 0, top: [] };
    // Log-normalizer at temperature 1.
    let z1 = 0;
    for (let k = 0; k < n; k++) z1 += fastExp(logits[this.ids[k]!]! - max);
    const logZ1 = Math.log(z1);
    const top: { token: number; logprob: number }[] = [];
    for (let j = 0; j < topLogprobs; j++) {
      let pick = -1;
      let value = -Infinity;
      for (let k = 0; k < n; k++) {
        const id = this.ids[k]!;
        const v = logits[id]!;
        if (v > value && !top.some((t) => t.token === id)) {
          value = v;
          pick = id;
        }
      }
      if (pick < 0) break;
      top.push({ token: pick, logprob: value - max - logZ1 });
    }
    return { token, logprob: logits[token]! - max - logZ1, top };
  }

  /**
   * Samples among the `n` candidates at `temperature`, within the top_p nucleus. The nucleus is
   * found without sorting all candidates: their weights are binned by log-weight (1/16 nat per
   * bin), the bins walked from the top until the mass reaches top_p, and only the bin where it
   * does is sorted.
   */
  private draw(logits: Float32Array, n: number, max: number, temperature: number): number {
    const inv = 1 / temperature;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const w = fastExp((logits[this.ids[k]!]! - max) * inv);
      this.weights[k] = w;
      total += w;
    }
    let threshold = 0;
    if (this.options.topP < 1) {
      const bins = this.bins.fill(0);
      const binOf = (w: number): number => Math.min(BINS - 1, Math.floor(-Math.log(w) * BINS_PER_NAT));
      for (let k = 0; k < n; k++) {
        const b = binOf(this.weights[k]!);
        bins[b] = bins[b]! + this.weights[k]!;
      }
      const need = this.options.topP * total;
      let mass = 0;
      let edge = BINS - 1;
      for (let b = 0; b < BINS; b++) {
        if (mass + bins[b]! >= need) {
          edge = b;
          break;
        }
        mass += bins[b]!;
      }
      // Within the edge bin, the largest weights until the mass is reached.
      let m = 0;
      for (let k = 0; k < n; k++) if (binOf(this.weights[k]!) === edge) this.sorted[m++] = this.weights[k]!;
      const inBin = this.sorted.subarray(0, m).sort();
      threshold = inBin[m - 1] ?? 0;
      for (let k = m - 1; k >= 0; k--) {
        mass += inBin[k]!;
        threshold = inBin[k]!;
        if (mass >= need) break;
      }
    }
    let kept = 0;
    for (let k = 0; k < n; k++) if (this.weights[k]! >= threshold) kept += this.weights[k]!;
    let r = this.random() * kept;
    let token = this.ids[0]!;
    for (let k = 0; k < n; k++) {
      const w = this.weights[k]!;
      if (w < threshold) continue;
      token = this.ids[k]!;
      r -= w;
      if (r <= 0) break;
    }
    return token;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const ids = new Int32Array(size);
    ids.set(this.ids);
    this.ids = ids;
    this.weights = new Float64Array(size);
    this.sorted = new Float64Array(size);
  }
}

/** OpenAI's logprob entry for a sampled token, with its alternatives. */
export function logprobEntry(sampled: SampledToken, text: (id: number) => string, bytes: (id: number) => Uint8Array): TokenLogprob {
  const entry = (id: number, logprob: number): { token: string; logprob: number; bytes: number[] } => ({ token: text(id), logprob, bytes: [...bytes(id)] });
  return { ...entry(sampled.token, sampled.logprob), top_logprobs: sampled.top.map((t) => entry(t.token, t.logprob)) };
}
