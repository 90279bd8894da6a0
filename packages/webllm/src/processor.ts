import type { LogitProcessor } from "@mlc-ai/web-llm";
import { allocateTokenBitmask, applyTokenBitmask, GrammarMatcher, type CompiledGrammar, type Vocabulary } from "@toolmask/engine";
import { now } from "./clock.js";
import { ToolGenerationError } from "./errors.js";

/** What one armed request reports when it ends. */
export interface SessionReport {
  /** Steps the processor masked. */
  readonly maskedSteps: number;
  /** Steps at which the mask allowed exactly one token (what jump-forward would skip). */
  readonly forcedSteps: number;
  /** Milliseconds spent in `processLogits` (mask + apply), summed. */
  readonly maskMs: number;
  /** Whether the grammar reached its end (a stop token was accepted). */
  readonly terminated: boolean;
  /** The failure inside the decode loop, if any; `create()` throws it. */
  readonly error: ToolGenerationError | undefined;
}

/**
 * One request's grammar state inside the processor. Everything that can throw is caught here:
 * WebLLM's decode loop must never see an exception from a processor, so a failure is recorded,
 * the step's logits are reduced to the stop token (generation ends at once), and `create()`
 * throws the recorded error.
 */
class ArmedSession {
  readonly matcher: GrammarMatcher;
  private readonly mask: Uint32Array;
  private readonly vocab: Vocabulary;
  step = 0;
  maskedSteps = 0;
  forcedSteps = 0;
  maskMs = 0;
  error: ToolGenerationError | undefined;

  constructor(compiled: CompiledGrammar, mask: Uint32Array) {
    this.vocab = compiled.vocab;
    this.matcher = new GrammarMatcher(compiled);
    this.mask = mask;
  }

  process(logits: Float32Array): Float32Array {
    if (this.error) return this.forceStop(logits);
    const t0 = now();
    try {
      if (logits.length !== this.vocab.vocabSize) {
        throw new ToolGenerationError("logits_size_mismatch", this.step, `WebLLM passed ${logits.length} logits but the prepared vocabulary has ${this.vocab.vocabSize} (mlc-chat-config.json vocab_size)`);
      }
      this.matcher.fillNextTokenBitmask(this.mask);
      if (isSingleToken(this.mask)) this.forcedSteps++;
      applyTokenBitmask(logits, this.mask);
      this.maskedSteps++;
    } catch (err) {
      this.error = err instanceof ToolGenerationError ? err : new ToolGenerationError("mask_failed", this.step, describe(err), { cause: err });
      this.forceStop(logits);
    }
    this.maskMs += now() - t0;
    return logits;
  }

  accept(token: number): void {
    const step = this.step++;
    if (this.error || this.matcher.isTerminated()) return;
    try {
      if (!this.matcher.acceptToken(token)) {
        const text = token < this.vocab.tokenCount ? JSON.stringify(this.vocab.tokenText(token)) : "(past the tokenizer)";
        this.error = new ToolGenerationError("token_rejected", step, `WebLLM sampled token ${token} ${text}, which the grammar forbids here (a logit_bias of +Infinity or another processor overrode the mask)`);
      }
    } catch (err) {
      this.error = new ToolGenerationError("mask_failed", step, describe(err), { cause: err });
    }
  }

  report(): SessionReport {
    return { maskedSteps: this.maskedSteps, forcedSteps: this.forcedSteps, maskMs: this.maskMs, terminated: this.matcher.isTerminated(), error: this.error };
  }

  /** Leaves only the first stop token, so WebLLM's next sample ends generation. */
  private forceStop(logits: Float32Array): Float32Array {
    const stop = this.vocab.eosTokenIds[0] ?? 0;
    logits.fill(-Infinity);
    if (stop < logits.length) logits[stop] = 0;
    return logits;
  }
}

/** True when exactly one bit of the mask is set. */
function isSingleToken(mask: Uint32Array): boolean {
  let seen = false;
  for (let i = 0; i < mask.length; i++) {
    const w = mask[i]!;
    if (w === 0) continue;
    if (seen || (w & (w - 1)) !== 0) return false;
    seen = true;
  }
  return seen;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * The `LogitProcessor` toolmask registers with WebLLM for one model. WebLLM binds it at
 * `reload()` and calls it for every request on that model, so it is inert until `arm()` gives it
 * a request's compiled grammar, and inert again after `disarm()`.
 */
export class ToolLogitProcessor implements LogitProcessor {
  readonly vocabulary: Vocabulary;
  private readonly mask: Uint32Array;
  private session: ArmedSession | undefined;

  constructor(vocabulary: Vocabulary) {
    this.vocabulary = vocabulary;
    this.mask = allocateTokenBitmask(vocabulary.vocabSize);
  }

  /** True while a request's grammar is being enforced. */
  get armed(): boolean {
    return this.session !== undefined;
  }

  /** Enforces `compiled` from the next sampled token on. */
  arm(compiled: CompiledGrammar): void {
    if (compiled.vocab !== this.vocabulary) throw new TypeError("the grammar was compiled for another vocabulary than this processor's");
    this.session = new ArmedSession(compiled, this.mask);
  }

  /** Stops enforcing and returns what the request's session saw. */
  disarm(): SessionReport | undefined {
    const report = this.session?.report();
    this.session = undefined;
    return report;
  }

  /** The armed session's statistics so far. */
  report(): SessionReport | undefined {
    return this.session?.report();
  }

  processLogits = (logits: Float32Array): Float32Array => (this.session ? this.session.process(logits) : logits);

  processSampledToken = (token: number): void => {
    this.session?.accept(token);
  };

  /**
   * WebLLM calls this from `resetChat()`, which `completions.create()` runs at the start of every
   * request, after `arm()`: the armed grammar restarts only if it has already consumed tokens.
   */
  resetState = (): void => {
    const s = this.session;
    if (s && s.step > 0 && !s.error) s.matcher.reset();
  };
}
