import type { LogitProcessor } from "@mlc-ai/web-llm";
import { compileGrammar, type CompiledGrammar, type Vocabulary } from "@toolmask/engine";
import { detectFormat, getFormat } from "@toolmask/formats";
import { ChatTemplate } from "./chat-template.js";
import { ModelSetupError } from "./errors.js";
import type { GrammarSpec } from "./plan.js";
import { ToolLogitProcessor } from "./processor.js";
import type { TextTokenizer } from "./tokenizer.js";

/** Generation settings of the model's mlc-chat-config.json that the token driver applies itself. */
export interface GenerationDefaults {
  /** `temperature` of mlc-chat-config.json: used when a request gives none. */
  readonly temperature?: number;
  /** `top_p` of mlc-chat-config.json. */
  readonly topP?: number;
  /** `context_window_size`: prompt plus output never exceed it. */
  readonly contextWindowSize?: number;
}

export interface ToolModelOptions {
  /** The WebLLM model id (as passed to `reload()`). */
  readonly modelId: string;
  /** The chat template (tokenizer_config.json `chat_template`, or chat_template.jinja). */
  readonly chatTemplate: string;
  readonly bosToken?: string | null;
  readonly eosToken?: string | null;
  /** The tool-call format; detected from the model id when omitted. */
  readonly format?: string;
  /**
   * The prepared vocabulary (logits length and stop tokens from mlc-chat-config.json). Omit it on
   * the main thread of a Web Worker setup: there the processor lives in the worker.
   */
  readonly vocabulary?: Vocabulary;
  /**
   * The vocabulary's special tokens (tokenizer.json added tokens marked special), needed where no
   * vocabulary is given; taken from the vocabulary otherwise.
   */
  readonly specialTokens?: readonly string[];
  /** Compiled grammars kept per model (least recently used dropped first). Default 32. */
  readonly grammarCacheSize?: number;
  /**
   * The model's tokenizer, for the token driver (`forwardTokensAndSample`), which tokenizes the
   * prompt itself. Without it requests go through WebLLM's `completions.create`.
   */
  readonly tokenizer?: TextTokenizer;
  /** mlc-chat-config.json defaults (temperature, top_p, context window). */
  readonly generation?: GenerationDefaults;
  /**
   * The processor to use instead of a new one (one already registered with WebLLM, e.g. by
   * `createToolWorkerHandler`'s registry); it is given the vocabulary.
   */
  readonly processor?: ToolLogitProcessor;
}

/**
 * Everything toolmask knows about one loaded model: its format, chat template and, where masking
 * happens, its vocabulary and the `LogitProcessor` registered with WebLLM for it.
 */
export class ToolModel {
  readonly modelId: string;
  readonly format: string;
  readonly template: ChatTemplate;
  readonly vocabulary: Vocabulary | undefined;
  /** Markers that are single tokens in this model's vocabulary. */
  readonly specialTokens: readonly string[] | undefined;
  /** The processor to register with WebLLM for `modelId` (see `registry`). */
  readonly processor: ToolLogitProcessor | undefined;
  /** The tokenizer the token driver encodes prompts with (undefined: completions.create drives). */
  readonly tokenizer: TextTokenizer | undefined;
  readonly generation: GenerationDefaults;
  private readonly compiled = new Map<string, CompiledGrammar>();
  private readonly cacheSize: number;

  constructor(options: ToolModelOptions) {
    this.modelId = options.modelId;
    const format = options.format ?? detectFormat(options.modelId);
    if (format === undefined) {
      throw new ModelSetupError("unknown_format", `no tool-call format is known for model "${options.modelId}"; pass { format } (one of the names listFormats() gives)`);
    }
    try {
      this.format = getFormat(format).name;
    } catch (err) {
      throw new ModelSetupError("unknown_format", err instanceof Error ? err.message : String(err), { cause: err });
    }
    this.template = new ChatTemplate(options.chatTemplate, { bosToken: options.bosToken ?? null, eosToken: options.eosToken ?? null, format: this.format });
    this.vocabulary = options.vocabulary;
    this.specialTokens = options.specialTokens ?? (options.vocabulary ? [...options.vocabulary.specialTokens.keys()] : undefined);
    if (options.processor && options.vocabulary) options.processor.attach(options.vocabulary);
    this.processor = options.processor ?? (options.vocabulary ? new ToolLogitProcessor(options.vocabulary) : undefined);
    this.tokenizer = options.tokenizer;
    this.generation = options.generation ?? {};
    this.cacheSize = options.grammarCacheSize ?? 32;
  }

  /** `MLCEngineConfig.logitProcessorRegistry` (or the worker handler's) for this model. */
  get registry(): Map<string, LogitProcessor> {
    if (!this.processor) throw new ModelSetupError("model_not_prepared", `model "${this.modelId}" was prepared without a vocabulary; its processor lives in the worker`);
    return new Map([[this.modelId, this.processor]]);
  }

  /** The compiled grammar for a request's constraint, compiled once per tool set. */
  compile(spec: GrammarSpec): CompiledGrammar {
    if (!this.vocabulary) throw new ModelSetupError("model_not_prepared", `model "${this.modelId}" has no vocabulary here to compile grammars with`);
    let compiled = this.compiled.get(spec.key);
    if (compiled) {
      this.compiled.delete(spec.key);
    } else {
      compiled = compileGrammar(this.vocabulary, spec.build());
      if (this.compiled.size >= this.cacheSize) this.compiled.delete(this.compiled.keys().next().value!);
    }
    this.compiled.set(spec.key, compiled);
    return compiled;
  }
}
