// The one shape the chat UI talks to, wherever generation runs: in the page (simulated or WebLLM
// on WebGPU) or in Electron's main process behind IPC. Everything that crosses it is plain data
// (structured-clone safe), so a host can live in another process.
import type { ChatCompletionChunk, StreamingChatCompletionRequest, ToolChatClient } from "@toolmask/webllm";
import type { InstrumentedProcessor, StepStat } from "./instrumented-processor.js";
import type { SimulatedChat } from "./simulated-chat.js";
import { wishesFor } from "./wishes.js";

/** What the UI shows about the model behind a host. */
export interface HostInfo {
  /** The model id requests name (WebLLM's, or the simulated one). */
  readonly modelId: string;
  /** A label for people: says "simulated" where it is. */
  readonly label: string;
  readonly simulated: boolean;
  /** The tool-call format (a name from `listFormats()`). */
  readonly format: string;
  /** The vocabulary's special tokens: markers that are single tokens (for printing the grammar). */
  readonly specialTokens: readonly string[];
  /** Logits length (mlc-chat-config vocab_size). */
  readonly vocabSize: number;
}

/** Events of one chat request, in order: wishes (simulated only), then chunks and steps, then the end. */
export type HostEvent =
  | { readonly type: "wishes"; readonly wishes: readonly string[] }
  | { readonly type: "chunk"; readonly chunk: ChatCompletionChunk }
  | { readonly type: "step"; readonly step: StepStat };

export interface ChatHost {
  readonly info: HostInfo;
  /** Streams one chat completion; resolves after the last event, rejects with the request's error. */
  chat(request: StreamingChatCompletionRequest, onEvent: (event: HostEvent) => void): Promise<void>;
}

/**
 * A host in another process (Electron's main), as a preload script exposes it to the page:
 * `prepare` loads the model and reports progress, then `chat` runs requests.
 */
export interface HostBridge {
  prepare(onProgress: (stage: string, fraction: number) => void): Promise<HostInfo>;
  chat(request: StreamingChatCompletionRequest, onEvent: (event: HostEvent) => void): Promise<void>;
}

/** The `ChatHost` behind a bridge, once it is prepared. */
export async function bridgeHost(bridge: HostBridge, onProgress: (stage: string, fraction: number) => void): Promise<ChatHost> {
  const info = await bridge.prepare(onProgress);
  return { info, chat: (request, onEvent) => bridge.chat(request, onEvent) };
}

/**
 * A host over any `withTools` client whose model's processor is `processor`: chunks as they
 * stream, a step event per masked token. `beforeRequest` runs first (the simulated host sets the
 * scripted model's wishes there and reports them).
 */
export function clientHost(
  info: HostInfo,
  client: ToolChatClient,
  processor: InstrumentedProcessor,
  beforeRequest: (request: StreamingChatCompletionRequest, onEvent: (event: HostEvent) => void) => void = () => {},
): ChatHost {
  // One request at a time: the processor's statistics and the scripted model's wishes belong to
  // the request running (withTools would queue a second request, but after its wishes were set).
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (request: StreamingChatCompletionRequest, onEvent: (event: HostEvent) => void): Promise<void> => {
    beforeRequest(request, onEvent);
    processor.clear();
    const unsubscribe = processor.onStep((step) => onEvent({ type: "step", step }));
    try {
      const stream = await client.chat.completions.create({ ...request, model: info.modelId, stream: true });
      for await (const chunk of stream) onEvent({ type: "chunk", chunk });
    } finally {
      unsubscribe();
    }
  };
  return {
    info,
    chat(request, onEvent) {
      const result = queue.then(() => run(request, onEvent));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** The host of a simulated chat: each request first tells the scripted model what to want. */
export function simulatedHost(sim: SimulatedChat): ChatHost {
  const info: HostInfo = {
    modelId: sim.model.modelId,
    label: "Simulated model (a scripted stand-in, not an LLM) · Qwen3 tokenizer and chat template",
    simulated: true,
    format: sim.model.format,
    specialTokens: [...sim.vocabulary.specialTokens.keys()],
    vocabSize: sim.vocabulary.vocabSize,
  };
  return clientHost(info, sim.client, sim.processor, (request, onEvent) => {
    const wishes = wishesFor(request, sim.model.format);
    sim.scripted.want(wishes);
    onEvent({ type: "wishes", wishes });
  });
}
