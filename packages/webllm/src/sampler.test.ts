import { describe, expect, it } from "vitest";
import { RequestSampler, type SamplingOptions } from "./sampler.js";

const logitsOf = (values: number[], size = 1000): Float32Array => {
  const l = new Float32Array(size).fill(-Infinity);
  values.forEach((v, i) => (l[i] = v));
  return l;
};
const sampler = (o: Partial<SamplingOptions>): RequestSampler => new RequestSampler({ temperature: 1, topP: 1, topLogprobs: -1, seed: 1, ...o });
const frequencies = (s: RequestSampler, values: number[], draws: number): number[] => {
  const counts = values.map(() => 0);
  for (let i = 0; i < draws; i++) counts[s.sample(logitsOf(values), 1000)!.token]!++;
  return counts.map((c) => c / draws);
};

describe("RequestSampler", () => {
  it("samples in proportion to softmax(logits / temperature)", () => {
    const values = [0, Math.log(2), Math.log(4)];
    const f1 = frequencies(sampler({}), values, 20_000);
    [1 / 7, 2 / 7, 4 / 7].forEach((p, i) => expect(f1[i]).toBeCloseTo(p, 1.5));
    const f05 = frequencies(sampler({ temperature: 0.5 }), values, 20_000);
    [1 / 21, 4 / 21, 16 / 21].forEach((p, i) => expect(f05[i]).toBeCloseTo(p, 1.5));
  });

  it("picks the highest logit at temperature 0", () => {
    expect(sampler({ temperature: 0 }).sample(logitsOf([1, 5, 3]), 1000)!.token).toBe(1);
  });

  it("never samples outside the top_p nucleus, and samples every token inside it", () => {
    // probabilities 0.5, 0.25, 0.125, 0.0625, 0.0625: top_p 0.8 keeps the first three
    const values = [4, 3, 2, 1, 1].map((v) => v * Math.log(2));
    const f = frequencies(sampler({ topP: 0.8 }), values, 10_000);
    expect(f[3]).toBe(0);
    expect(f[4]).toBe(0);
    [4 / 7, 2 / 7, 1 / 7].forEach((p, i) => expect(f[i]).toBeCloseTo(p, 1.5));
  });

  it("ignores ids at or past the limit (logits past the tokenizer)", () => {
    expect(sampler({ temperature: 0 }).sample(logitsOf([1, 2, 9]), 2)!.token).toBe(1);
  });

  it("returns nothing when no logit is finite", () => {
    expect(sampler({}).sample(logitsOf([]), 1000)).toBeUndefined();
  });

  it("gives the same tokens for the same seed", () => {
    const values = Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const run = (seed: number): number[] => {
      const s = sampler({ seed });
      return Array.from({ length: 30 }, () => s.sample(logitsOf(values), 1000)!.token);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it("reports logprobs of the masked distribution at temperature 1, best alternatives first", () => {
    const values = [0, Math.log(2), Math.log(4)];
    const out = sampler({ temperature: 0, topLogprobs: 2 }).sample(logitsOf(values), 1000)!;
    expect(out.token).toBe(2);
    expect(out.logprob).toBeCloseTo(Math.log(4 / 7), 4);
    expect(out.top.map((t) => t.token)).toEqual([2, 1]);
    expect(out.top[1]!.logprob).toBeCloseTo(Math.log(2 / 7), 4);
  });

  it("adds logit_bias and subtracts the frequency and presence penalties of tokens already generated", () => {
    const s = sampler({ temperature: 0, logitBias: { "0": 10 }, frequencyPenalty: 3, presencePenalty: 1 });
    const logits = logitsOf([0, 5]);
    s.applyBias(logits);
    expect(logits[0]).toBe(10);
    expect(s.sample(logits.slice(), 1000)!.token).toBe(0);
    s.count(0);
    s.count(0);
    // 10 - 1 (presence) - 3·2 (frequency) = 3 < 5
    expect(s.sample(logits, 1000)!.token).toBe(1);
    expect(logits[0]).toBe(3);
  });
});

describe("RequestSampler with a token mask", () => {
  it("reads only the ids the mask allows", () => {
    const mask = new Uint32Array(Math.ceil(1000 / 32));
    mask[0] = 0b1010; // ids 1 and 3
    mask[20] = 1 << 5; // id 645
    const logits = logitsOf([9, 1, 9, 2], 1000);
    logits[645] = 3;
    expect(sampler({ temperature: 0 }).sample(logits.slice(), 1000, mask)!.token).toBe(645);
    const seen = new Set<number>();
    const s = sampler({ temperature: 5 });
    for (let i = 0; i < 500; i++) seen.add(s.sample(logits.slice(), 1000, mask)!.token);
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 3, 645]);
  });
});
