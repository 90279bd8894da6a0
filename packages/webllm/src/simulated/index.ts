/**
 * Test doubles of WebLLM and of language models, for demos, examples and tests that cannot run a
 * real model (no GPU, no weights). Named for what they are: a fake engine that reproduces
 * WebLLM 0.2.86's sampling contract, a seeded random model that writes adversarial logits, and a
 * replay model that puts its logit mass on the tokens of a target text. Output produced with them
 * is never a real model's output.
 */
export {
  FakeMLCEngine,
  chatML,
  mulberry32,
  tokenBytes,
  type TestModel,
  type FakeModelConfig,
  type LogitProcessor,
  type Completion,
  type CompletionCreateParamsStreaming,
  type ChatCompletionChunk,
  type ChatCompletionRequestStreaming,
  type ResponseFormatMatcher,
  type ResponseFormatCompiler,
} from "./fake-engine.js";
export { SeededRandomModel, ReplayModel, punctuationTokens } from "./models.js";
