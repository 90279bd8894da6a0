import type { LogitProcessor } from "@mlc-ai/web-llm";
import { allocateTokenBitmask, applyTokenBitmask, GrammarMatcher, type CompiledGrammar, type Vocabulary } from "@toolmask/engine";
import { now } from "./clock.js";
import { ToolGenerationError } from "./errors.js";
import { RequestSampler, type SampledToken, type SamplingOptions } from "./sampler.js";

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
 * One request's state inside the processor: its grammar (if any) and, when toolmask drives
 * generation token by token, its sampler. Everything that can throw is caught here: WebLLM's
 * decode loop must never see an exception from a processor, so a failure is recorded, the step's
 * logits are reduced to the stop token (generation ends at once), and `create()` throws the
 * recorded error.
 */
class ArmedSession {
  readonly matcher: GrammarMatcher | undefined;
  readonly sampler: RequestSampler | undefined;
  private readonly mask: Uint32Array | undefined;
  private readonly vocab: Vocabulary;
  step = 0;
  maskedSteps = 0;
  forcedSteps = 0;
  maskMs = 0;
  error: ToolGenerationError | undefined;
  /** The token the sampler left finite at the last step. */
  chosen: SampledToken | undefined;

  constructor(vocab: Vocabulary, compiled: CompiledGrammar | undefined, mask: Uint32Array | undefined, sampling: SamplingOptions | undefined) {
    this.vocab = vocab;
    this.matcher = compiled ? new GrammarMatcher(compiled) : undefined;
    this.mask = mask;
    this.sampler = sampling ? new RequestSampler(sampling) : undefined;
  }

  process(logits: Float32Array): Float32Array {
    if (this.error) return this.forceStop(logits);
    const t0 = now();
    try {
      if (logits.length !== this.vocab.vocabSize) {
        throw new ToolGenerationError("logits_size_mismatch", this.step, `WebLLM passed ${logits.length} logits but the prepared vocabulary has ${this.vocab.vocabSize} (mlc-chat-config.json vocab_size)`);
      }
      this.sampler?.applyBias(logits);
      if (this.matcher) {
        this.matcher.fillNextTokenBitmask(this.mask!);
        if (isSingleToken(this.mask!)) this.forcedSteps++;
        // The sampler reads only the allowed ids, and every other logit is overwritten below.
        if (!this.sampler) applyTokenBitmask(logits, this.mask!);
        this.maskedSteps++;
      }
      if (this.sampler) {
        // Ids past the tokenizer have no text: never sampled, with or without a grammar.
        const chosen = this.sampler.sample(logits, this.vocab.tokenCount, this.matcher ? this.mask : undefined);
        if (!chosen) throw new ToolGenerationError("mask_failed", this.step, "no token has a finite logit (a logit_bias of -Infinity on every allowed token?)");
        this.chosen = chosen;
        logits.fill(-Infinity);
        logits[chosen.token] = 0;
      }
    } catch (err) {
      this.error = err instanceof ToolGenerationError ? err : new ToolGenerationError("mask_failed", this.step, describe(err), { cause: err });
      this.forceStop(logits);
    }
    this.maskMs += now() - t0;
    return logits;
  }

  accept(token: number): void {
    const step = this.step++;
    if (this.error) return;
    if (this.sampler) {
      if (this.chosen && this.chosen.token !== token) {
        this.error = new ToolGenerationError("token_rejected", step, `WebLLM sampled token ${token} where the processor left only token ${this.chosen.token} finite (another processor or a GPU-side mask changed the logits)`);
        return;
      }
      this.sampler.count(token);
    }
    if (!this.matcher || this.matcher.isTerminated()) return;
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
    return { maskedSteps: this.maskedSteps, forcedSteps: this.forcedSteps, maskMs: this.maskMs, terminated: this.matcher?.isTerminated() ?? false, error: this.error };
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
 * a request's compiled grammar (and, when toolmask drives generation token by token, the request's
 * sampling), and inert again after `disarm()`. It also keeps what the token driver knows of the
 * model's KV cache: any WebLLM activity it did not arm for (another request on the model, a
 * `resetChat`) makes that unknown, so the next driven request starts from an empty cache.
 */
export class ToolLogitProcessor implements LogitProcessor {
  /** The prepared vocabulary; may be attached later (`attach`) when the processor was registered before the model was prepared. */
  vocabulary: Vocabulary | undefined;
  private readonly masks = new Map<number, Uint32Array>();
  private session: ArmedSession | undefined;
  private kv: number[] | undefined;

  constructor(vocabulary?: Vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** Gives a processor registered ahead of preparation its model's vocabulary. */
  attach(vocabulary: Vocabulary): void {
    this.vocabulary = vocabulary;
  }

  /** True while a request's grammar is being enforced. */
  get armed(): boolean {
    return this.session !== undefined;
  }

  /**
   * Enforces `compiled` (none: no grammar) from the next sampled token on. With `sampling` the
   * processor also samples (token driver); without, WebLLM samples from the masked logits.
   */
  arm(compiled: CompiledGrammar | undefined, options: { sampling?: SamplingOptions } = {}): void {
    const vocab = compiled?.vocab ?? this.vocabulary;
    if (!vocab) throw new TypeError("the processor has no vocabulary: prepare the model first");
    if (compiled && this.vocabulary && compiled.vocab !== this.vocabulary) throw new TypeError("the grammar was compiled for another vocabulary than this processor's");
    let mask = this.masks.get(vocab.vocabSize);
    if (!mask) this.masks.set(vocab.vocabSize, (mask = allocateTokenBitmask(vocab.vocabSize)));
    // WebLLM's own completion requests reset the chat and fill the cache with tokens toolmask does not see.
    if (!options.sampling) this.kv = undefined;
    this.session = new ArmedSession(vocab, compiled, mask, options.sampling);
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

  /** The armed request's grammar matcher (the token driver feeds it forced text). */
  get matcher(): GrammarMatcher | undefined {
    return this.session?.matcher;
  }

  /** What the sampler chose at the last step (logprobs), in token-driver mode. */
  get lastSampled(): SampledToken | undefined {
    return this.session?.chosen;
  }

  /** The failure recorded in the armed session, if any. */
  get error(): ToolGenerationError | undefined {
    return this.session?.error;
  }

  /** The tokens the model's KV cache holds as far as the token driver knows (undefined: unknown). */
  get kvTokens(): readonly number[] | undefined {
    return this.kv;
  }

  /** Records what the token driver left in the KV cache. */
  setKvTokens(tokens: number[] | undefined): void {
    this.kv = tokens;
  }

  processLogits = (logits: Float32Array): Float32Array => {
    if (!this.session) {
      this.kv = undefined;
      return logits;
    }
    return this.session.process(logits);
  };

  processSampledToken = (token: number): void => {
    if (!this.session) this.kv = undefined;
    else this.session.accept(token);
  };

  /**
   * WebLLM calls this from `resetChat()`, which `completions.create()` runs at the start of every
   * request, after `arm()`: the armed grammar restarts only if it has already consumed tokens.
   */
  resetState = (): void => {
    this.kv = undefined;
    const s = this.session;
    if (s && s.step > 0 && !s.error) s.matcher?.reset();
  };
}
