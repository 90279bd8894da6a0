// Model setup: everything toolmask needs about a WebLLM model, from the files WebLLM itself uses.
// mlc-chat-config.json (logits length, stop tokens, sampling defaults, context window) and
// tokenizer.json come from WebLLM's Cache API scopes ("webllm/config", "webllm/model") when WebLLM
// has already downloaded them, else from the model's URL; tokenizer_config.json gives the chat
// template. The prepared vocabulary is cached (IndexedDB in browsers), so a second load reads a
// few megabytes of typed arrays instead of preparing 150k tokens again.
import { Vocabulary, type TokenizerJSON } from "@toolmask/engine";
import { detectFormat } from "@toolmask/formats";
import { now } from "./clock.js";
import { ModelSetupError } from "./errors.js";
import { isWorkerEngine } from "./processor-link.js";
import type { ToolLogitProcessor } from "./processor.js";
import { createTokenizer, lazyTokenizer } from "./tokenizer.js";
import { ToolModel } from "./tool-model.js";
import { fingerprint, indexedDBVocabularyCache, type VocabularyCache } from "./vocabulary-cache.js";
import { prepareRemoteModel } from "./worker-client.js";

/** The parts of WebLLM's `AppConfig` read here. */
export interface AppConfigLike {
  readonly model_list: readonly { readonly model: string; readonly model_id: string; readonly overrides?: object }[];
  readonly cacheBackend?: string;
}

/** Minimal Cache API (`caches`), injectable for tests. */
export interface CacheStorageLike {
  open(name: string): Promise<{ match(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | undefined> }>;
}

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

export interface PrepareProgress {
  readonly stage: "config" | "tokenizer" | "template" | "vocabulary" | "ready";
  /** 0 to 1 over the whole preparation. */
  readonly progress: number;
  readonly text: string;
  /** Whether this stage's data came from a cache (WebLLM's or toolmask's vocabulary cache). */
  readonly fromCache?: boolean;
}

export interface PrepareModelOptions {
  /** The tool-call format; detected from the model id when omitted. */
  readonly format?: string;
  /** The chat template, instead of tokenizer_config.json's. */
  readonly chatTemplate?: string;
  /** The model's base URL, instead of the app config record's `model`. */
  readonly modelUrl?: string;
  readonly onProgress?: (progress: PrepareProgress) => void;
  /** Default: IndexedDB where it exists, else none; `false` disables it. */
  readonly vocabularyCache?: VocabularyCache | false;
  /** Default `globalThis.caches` (read only where the app config's cacheBackend is "cache"). */
  readonly caches?: CacheStorageLike | null;
  /** Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** A processor already registered with WebLLM for this model (see `toolProcessorRegistry`). */
  readonly processor?: ToolLogitProcessor;
}

/**
 * Stop tokens a format ends a turn with beside mlc-chat-config's (harmony ends a call with
 * `<|call|>`, Llama 3.1 with `<|eom_id|>` after a tool call, GLM with `<|observation|>`, Gemma 4
 * with `<|tool_response>`); added where the vocabulary has them.
 */
const FORMAT_STOP_TOKENS: { readonly [format: string]: readonly string[] } = {
  harmony: ["<|call|>", "<|return|>"],
  llama3_json: ["<|eom_id|>"],
  pythonic: ["<|eom_id|>"],
  glm45: ["<|observation|>"],
  glm47: ["<|observation|>"],
  gemma4: ["<|tool_response>"],
};

interface ChatConfigJSON {
  vocab_size?: number;
  context_window_size?: number;
  temperature?: number;
  top_p?: number;
  conv_template?: { stop_token_ids?: number[] };
}

// WebLLM's cleanModelUrl: a Hugging Face repository URL → its resolve/main/ file base.
function cleanModelUrl(url: string): string {
  let u = url.endsWith("/") ? url : `${url}/`;
  if (!/.+\/resolve\/.+\//.test(u)) u += "resolve/main/";
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(u, base).href;
}

function appConfigOf(source: unknown): AppConfigLike | undefined {
  if (source && typeof source === "object") {
    if (Array.isArray((source as AppConfigLike).model_list)) return source as AppConfigLike;
    // MLCEngine keeps its app config in a private field; its default is WebLLM's prebuiltAppConfig.
    const inner = (source as { appConfig?: unknown }).appConfig;
    if (inner && typeof inner === "object" && Array.isArray((inner as AppConfigLike).model_list)) return inner as AppConfigLike;
  }
  return undefined;
}

const tokenText = (value: unknown): string | null =>
  typeof value === "string" ? value : value && typeof value === "object" && typeof (value as { content?: unknown }).content === "string" ? (value as { content: string }).content : null;

function templateOf(config: Record<string, unknown>): string | undefined {
  const t = config.chat_template;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    const named = (name: string): string | undefined => (t as { name?: string; template?: string }[]).find((e) => e.name === name)?.template;
    return named("tool_use") ?? named("default");
  }
  return undefined;
}

/**
 * Prepares a WebLLM model for `withTools`: its format, chat template, vocabulary (logits length and
 * stop tokens of mlc-chat-config.json) and tokenizer. `source` is the engine (its app config is
 * read) or an `AppConfig` (WebLLM's `prebuiltAppConfig` for its prebuilt models). With a
 * `WebWorkerMLCEngine` the model is prepared inside the worker (`createToolWorkerHandler`) and
 * the returned model is its main-thread view.
 */
export async function prepareModel(source: unknown, modelId: string, options: PrepareModelOptions = {}): Promise<ToolModel> {
  if (isWorkerEngine(source)) return prepareRemoteModel(source, modelId, options);
  const appConfig = appConfigOf(source);
  const record = appConfig?.model_list.find((r) => r.model_id === modelId);
  if (!options.modelUrl && !record) {
    throw new ModelSetupError("asset_unavailable", `model "${modelId}" is not in the app config${appConfig ? "" : " (none given: pass the engine, an AppConfig, or { modelUrl })"}`);
  }
  const base = cleanModelUrl(options.modelUrl ?? record!.model);
  const useCaches = (appConfig?.cacheBackend ?? "cache") === "cache";
  const caches = options.caches === undefined ? (globalThis as { caches?: CacheStorageLike }).caches : (options.caches ?? undefined);
  const fetcher = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  const report = options.onProgress ?? (() => {});
  const started = now();

  const read = async (scope: string, file: string, required: boolean): Promise<{ bytes: Uint8Array; fromCache: boolean } | undefined> => {
    const url = new URL(file, base).href;
    if (useCaches && caches) {
      try {
        const hit = await (await caches.open(scope)).match(url);
        if (hit) return { bytes: new Uint8Array(await hit.arrayBuffer()), fromCache: true };
      } catch {
        // no Cache API access (opaque origin, private mode): fetch instead
      }
    }
    if (!fetcher) {
      if (!required) return undefined;
      throw new ModelSetupError("asset_unavailable", `${file} of "${modelId}" is not in WebLLM's cache and there is no fetch here`);
    }
    let response;
    try {
      response = await fetcher(url);
    } catch (err) {
      if (!required) return undefined;
      throw new ModelSetupError("asset_unavailable", `could not fetch ${url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (!response.ok) {
      if (!required) return undefined;
      throw new ModelSetupError("asset_unavailable", `could not fetch ${url}: HTTP ${response.status}`);
    }
    return { bytes: new Uint8Array(await response.arrayBuffer()), fromCache: false };
  };
  const json = <T>(bytes: Uint8Array, file: string): T => {
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch (err) {
      throw new ModelSetupError("asset_unavailable", `${file} of "${modelId}" is not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  };

  report({ stage: "config", progress: 0, text: `reading mlc-chat-config.json of ${modelId}` });
  const configFile = (await read("webllm/config", "mlc-chat-config.json", true))!;
  const chatConfig: ChatConfigJSON = { ...json<ChatConfigJSON>(configFile.bytes, "mlc-chat-config.json"), ...(record?.overrides ?? {}) };
  report({ stage: "config", progress: 0.1, text: "mlc-chat-config.json read", fromCache: configFile.fromCache });

  const tokenizerFile = (await read("webllm/model", "tokenizer.json", true))!;
  report({ stage: "tokenizer", progress: 0.4, text: "tokenizer.json read", fromCache: tokenizerFile.fromCache });

  let tokenizerConfig: Record<string, unknown> = {};
  const configNeeded = options.chatTemplate === undefined;
  const tcFile = await read("webllm/model", "tokenizer_config.json", false);
  if (tcFile) tokenizerConfig = json<Record<string, unknown>>(tcFile.bytes, "tokenizer_config.json");
  let chatTemplate = options.chatTemplate ?? templateOf(tokenizerConfig);
  if (chatTemplate === undefined && configNeeded) {
    const jinja = await read("webllm/model", "chat_template.jinja", false);
    if (jinja) chatTemplate = new TextDecoder().decode(jinja.bytes);
  }
  if (chatTemplate === undefined) throw new ModelSetupError("no_chat_template", `no chat template for "${modelId}" in tokenizer_config.json or chat_template.jinja; pass { chatTemplate }`);
  report({ stage: "template", progress: 0.5, text: "chat template read", fromCache: tcFile?.fromCache ?? false });

  const format = options.format ?? detectFormat(modelId);
  if (format === undefined) throw new ModelSetupError("unknown_format", `no tool-call format is known for model "${modelId}"; pass { format } (one of the names listFormats() gives)`);
  let parsed: TokenizerJSON | undefined;
  const tokenizerJSON = (): TokenizerJSON => (parsed ??= json<TokenizerJSON>(tokenizerFile.bytes, "tokenizer.json"));
  const vocabSize = chatConfig.vocab_size;
  const configStops = chatConfig.conv_template?.stop_token_ids ?? [];
  const cache = options.vocabularyCache === false ? undefined : (options.vocabularyCache ?? indexedDBVocabularyCache());
  const key = `${modelId}|${format}|${fingerprint(tokenizerFile.bytes)}|${vocabSize ?? ""}|${configStops.join(",")}`;
  let vocabulary: Vocabulary | undefined;
  const cachedBytes = cache ? await cache.get(key).catch(() => undefined) : undefined;
  if (cachedBytes) {
    try {
      vocabulary = Vocabulary.deserialize(cachedBytes);
    } catch {
      vocabulary = undefined; // a stale or damaged entry: prepare again
    }
  }
  const fromCache = vocabulary !== undefined;
  if (!vocabulary) {
    const json = tokenizerJSON();
    const added = new Map((json.added_tokens ?? []).map((t) => [t.content, t.id]));
    const extra = (FORMAT_STOP_TOKENS[format] ?? []).map((t) => added.get(t)).filter((id): id is number => id !== undefined);
    vocabulary = Vocabulary.fromTokenizerJSON(json, { ...(vocabSize ? { vocabSize } : {}), eosTokenIds: [...new Set([...configStops, ...extra])] });
    if (cache) await cache.put(key, vocabulary.serialize()).catch(() => undefined);
  }
  report({ stage: "vocabulary", progress: 0.95, text: fromCache ? "vocabulary read from cache" : "vocabulary prepared", fromCache });

  const model = new ToolModel({
    modelId,
    format,
    chatTemplate,
    bosToken: tokenText(tokenizerConfig.bos_token),
    eosToken: tokenText(tokenizerConfig.eos_token),
    vocabulary,
    tokenizer: lazyTokenizer(() => createTokenizer(tokenizerJSON(), tokenizerConfig)),
    generation: {
      ...(chatConfig.temperature !== undefined ? { temperature: chatConfig.temperature } : {}),
      ...(chatConfig.top_p !== undefined ? { topP: chatConfig.top_p } : {}),
      ...(chatConfig.context_window_size !== undefined && chatConfig.context_window_size > 0 ? { contextWindowSize: chatConfig.context_window_size } : {}),
    },
    ...(options.processor ? { processor: options.processor } : {}),
  });
  report({ stage: "ready", progress: 1, text: `${modelId} prepared in ${Math.round(now() - started)} ms` });
  return model;
}
