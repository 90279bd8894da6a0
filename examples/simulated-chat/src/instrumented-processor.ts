// Per-token statistics for the examples' inspectors: wraps toolmask's ToolLogitProcessor in the
// LogitProcessor WebLLM (or the fake engine) is given, and records for every masked step how many
// tokens the grammar allowed, how long the processor took, and whether the model's favourite
// token survived the mask.
import { allocateTokenBitmask, countAllowed, isTokenAllowed, type GrammarMatcher } from "@toolmask/engine";
import type { ToolLogitProcessor } from "@toolmask/webllm";
import type { LogitProcessor } from "@toolmask/webllm/simulated";

/** One masked decode step. */
export interface StepStat {
  /** 0-based step within the request. */
  readonly step: number;
  /** Tokens the grammar allowed. */
  readonly allowed: number;
  /**
   * Milliseconds computing the mask (`GrammarMatcher.fillNextTokenBitmask`). Where the processor
   * does not expose its matcher, the whole `processLogits` time.
   */
  readonly maskMs: number;
  /** Milliseconds in toolmask's `processLogits`: mask, applying it, and sampling under the token driver. */
  readonly processorMs: number;
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
  private mask: Uint32Array | undefined;
  private timed: GrammarMatcher | undefined;
  private fillMs = 0;

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
    const matcher = this.timeFills();
    this.fillMs = 0;
    const t0 = performance.now();
    const out = this.inner.processLogits(logits);
    const processorMs = performance.now() - t0;
    const maskMs = matcher ? this.fillMs : processorMs;
    const { allowed, overridden } = this.maskFacts(out, favourite);
    const stat: StepStat = { step: this.steps.length, allowed, maskMs, processorMs, favourite, overridden };
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

  /**
   * Times the armed matcher's `fillNextTokenBitmask` (the processor builds one matcher per
   * request), so the mask's share of the processor's time is known.
   */
  private timeFills(): GrammarMatcher | undefined {
    const matcher = (this.inner as unknown as { matcher?: GrammarMatcher }).matcher;
    if (matcher && matcher !== this.timed) {
      const fill = matcher.fillNextTokenBitmask.bind(matcher);
      matcher.fillNextTokenBitmask = (mask: Uint32Array): void => {
        const t0 = performance.now();
        fill(mask);
        this.fillMs += performance.now() - t0;
      };
      this.timed = matcher;
    }
    return matcher;
  }

  /**
   * Where the processor exposes its matcher, the mask is read from it after the processor's own
   * (timed) fill, so this second fill is a cache hit; the processor may also have sampled and
   * left one finite logit. Otherwise the finite logits are the allowed tokens.
   */
  private maskFacts(out: Float32Array, favourite: number): { allowed: number; overridden: boolean } {
    const matcher = (this.inner as unknown as { matcher?: GrammarMatcher }).matcher;
    if (matcher && !matcher.isTerminated()) {
      this.mask ??= allocateTokenBitmask(out.length);
      matcher.fillNextTokenBitmask(this.mask);
      return { allowed: countAllowed(this.mask), overridden: !isTokenAllowed(this.mask, favourite) };
    }
    let allowed = 0;
    for (let i = 0; i < out.length; i++) if (out[i] !== -Infinity) allowed++;
    return { allowed, overridden: out[favourite] === -Infinity };
  }
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
