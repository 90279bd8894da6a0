// What every way of driving WebLLM produces: pieces of generated text (with logprobs when asked),
// then an outcome; and a way for the reader to end generation early (a stop string was seen).
import type { CompletionUsage, TokenLogprob } from "./openai-types.js";

/** One piece of generated text as it was produced. */
export interface Piece {
  readonly text: string;
  readonly logprobs: TokenLogprob[] | undefined;
}

export interface Outcome {
  readonly finishReason: "stop" | "length" | "abort";
  readonly usage: CompletionUsage;
}

export interface Generation {
  readonly pieces: AsyncGenerator<Piece, Outcome, void>;
  /** Ends generation at the next step; the outcome's finish reason is then "stop". */
  stop(): void;
}
