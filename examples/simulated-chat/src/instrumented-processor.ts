// Per-token statistics for the examples' inspectors: wraps toolmask's ToolLogitProcessor in the
// LogitProcessor WebLLM (or the fake engine) is given, and records for every masked step how many
// tokens the grammar allowed, how long the processor took, and whether the model's favourite
// token survived the mask.
import type { ToolLogitProcessor } from "@toolmask/webllm";
import type { LogitProcessor } from "@toolmask/webllm/simulated";

/** One masked decode step. */
export interface StepStat {
  /** 0-based step within the request. */
  readonly step: number;
  /** Tokens the grammar allowed (finite logits after masking). */
  readonly allowed: number;
  /** Milliseconds in toolmask's `processLogits` (mask + apply), excluding this bookkeeping. */
  readonly maskMs: number;
  /** The token with the highest logit before masking: what the model wanted most. */
  readonly favourite: number;
  /** True when the mask removed the favourite. */
  readonly overridden: boolean;
}

export class InstrumentedProcessor implements LogitProcessor {
  readonly inner: ToolLogitProcessor;
  /** Steps since the last `clear()` (call it before each request). */
  readonly steps: StepStat[] = [];
  private readonly listeners = new Set<(stat: StepStat) => void>();

  constructor(inner: ToolLogitProcessor) {
    this.inner = inner;
  }

  clear(): void {
    this.steps.length = 0;
  }

  /** Calls `listener` after every masked step; returns the unsubscriber. */
  onStep(listener: (stat: StepStat) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  processLogits(logits: Float32Array): Float32Array {
    if (!this.inner.armed) return this.inner.processLogits(logits);
    const favourite = argmax(logits);
    const t0 = performance.now();
    const out = this.inner.processLogits(logits);
    const maskMs = performance.now() - t0;
    const stat: StepStat = { step: this.steps.length, allowed: countFinite(out), maskMs, favourite, overridden: out[favourite] === -Infinity };
    this.steps.push(stat);
    for (const listener of this.listeners) listener(stat);
    return out;
  }

  processSampledToken(token: number): void {
    this.inner.processSampledToken(token);
  }

  resetState(): void {
    this.inner.resetState();
  }
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function countFinite(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== -Infinity) n++;
  return n;
}
