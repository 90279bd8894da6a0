/**
 * @toolmask/webllm: OpenAI chat completions with enforced tools over WebLLM. `prepareModel` loads a
 * model's tokenizer, config and chat template; `withTools` wraps an `MLCEngine` or
 * `WebWorkerMLCEngine`; `createToolWorkerHandler` hosts the processor inside a Web Worker.
 */
export { withTools, type Backend, type Driver, type ToolChatClient, type WithToolsOptions } from "./with-tools.js";
export { ToolModel, type ToolModelOptions, type GenerationDefaults } from "./tool-model.js";
export { prepareModel, type PrepareModelOptions, type PrepareProgress, type AppConfigLike, type CacheStorageLike, type FetchLike } from "./prepare-model.js";
export { indexedDBVocabularyCache, memoryVocabularyCache, type VocabularyCache } from "./vocabulary-cache.js";
export { createToolWorkerHandler, ToolProcessorRegistry, type ToolWorkerHandler, type WorkerHandlerLike } from "./worker.js";
export { createTokenizer, type TextTokenizer } from "./tokenizer.js";
export type { TokenEngine } from "./token-driver.js";
export type { SamplingOptions } from "./sampler.js";
export { ToolLogitProcessor, type SessionReport } from "./processor.js";
export { ChatTemplate, toolInstructions, type ChatTemplateOptions, type RenderOptions as ChatTemplateRenderOptions } from "./chat-template.js";
export { normalizeMessages, type NormalizedMessage, type HistoryCall } from "./messages.js";
export { xgrammarEbnf, withTokensAsText } from "./xgrammar-backend.js";
export { grammarToJSON, grammarFromJSON } from "./grammar-wire.js";
export type { ToolEngine } from "./engine-types.js";
export { ToolRequestError, ToolGenerationError, ModelSetupError, type RequestErrorCode, type GenerationErrorCode, type SetupErrorCode } from "./errors.js";
export type {
  AssistantMessage,
  AssistantToolCall,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionDelta,
  ChatCompletionRequest,
  ChatMessage,
  CompletionUsage,
  FinishReason,
  NonStreamingChatCompletionRequest,
  ResponseFormat,
  ResponseToolCall,
  StreamingChatCompletionRequest,
  TextContentPart,
  TokenLogprob,
  UsageExtra,
} from "./openai-types.js";
