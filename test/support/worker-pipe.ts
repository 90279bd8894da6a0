// WebLLM's real WebWorkerMLCEngine (main side) and WebWorkerMLCEngineHandler (worker side), joined
// by an in-process message pipe that structured-clones every message and delivers it on a later
// task, as postMessage does. The handler's MLCEngine is replaced by the FAKE engine (no WebGPU
// here); the worker side is wrapped by createToolWorkerHandler. Real Workers: worker.browser.test.ts.
import { WebWorkerMLCEngine, WebWorkerMLCEngineHandler } from "@mlc-ai/web-llm";
import { createToolWorkerHandler, type PrepareModelOptions, type ToolWorkerHandler, type WorkerHandlerLike } from "@toolmask/webllm";
import type { FakeMLCEngine } from "./fake-webllm.js";

export interface WorkerPipe {
  readonly engine: WebWorkerMLCEngine;
  readonly host: ToolWorkerHandler;
  /** Messages that crossed, by direction. */
  readonly sent: { toWorker: number; toMain: number };
}

export function workerPipe(fake: FakeMLCEngine, options: Omit<PrepareModelOptions, "onProgress" | "processor" | "format" | "chatTemplate" | "modelUrl"> = {}): WorkerPipe {
  const sent = { toWorker: 0, toMain: 0 };
  const handler = new WebWorkerMLCEngineHandler();
  (handler as unknown as { engine: unknown }).engine = fake;
  const worker = {
    onmessage: undefined as ((msg: unknown) => void) | undefined,
    postMessage: (msg: unknown) => {
      sent.toWorker++;
      const copy = structuredClone(msg);
      setTimeout(() => host.onmessage(copy), 0);
    },
  };
  handler.postMessage = (msg: unknown) => {
    sent.toMain++;
    const copy = structuredClone(msg);
    setTimeout(() => worker.onmessage?.(copy), 0);
  };
  const host = createToolWorkerHandler(handler as unknown as WorkerHandlerLike, options);
  const engine = new WebWorkerMLCEngine(worker as unknown as ConstructorParameters<typeof WebWorkerMLCEngine>[0]);
  return { engine, host, sent };
}
