import type { ChatCompletionChunk as WebLLMChatChunk, ChatCompletionRequestStreaming, Completion, CompletionCreateParamsStreaming } from "@mlc-ai/web-llm";

/**
 * The parts of WebLLM's `MLCEngine` (and `WebWorkerMLCEngine`) toolmask drives. Generation goes
 * through `completions.create`: in WebLLM 0.2.86 it is the one API that takes a raw prompt (so the
 * model's own chat template, rendered here, reaches the model unchanged) and still applies the
 * request's sampling parameters, stop tokens and the registered LogitProcessor.
 * `chat.completions.create` is used by the xgrammar backend only, for its `response_format`.
 */
export interface ToolEngine {
  readonly completions: {
    create(request: CompletionCreateParamsStreaming): Promise<AsyncIterable<Completion>>;
  };
  readonly chat: {
    readonly completions: {
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<WebLLMChatChunk>>;
    };
  };
  interruptGenerate(): void | Promise<void>;
}

export type { WebLLMChatChunk };
