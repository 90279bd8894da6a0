import { ToolmaskError } from "@toolmask/grammar";

/**
 * A tokenizer.json the vocabulary cannot read (`unsupported_tokenizer`: not byte-level BPE or
 * sentencepiece; `invalid_tokenizer`: malformed, e.g. a token id out of range), inconsistent or
 * malformed options (`invalid_vocab_size`, `invalid_option`, `unknown_token` for a stop token),
 * or bytes `Vocabulary.deserialize` cannot read (`invalid_serialized_vocabulary`).
 */
export class VocabularyError extends ToolmaskError {
  constructor(code: "unsupported_tokenizer" | "invalid_tokenizer" | "invalid_vocab_size" | "invalid_option" | "unknown_token" | "invalid_serialized_vocabulary", message: string) {
    super(code, message);
  }
}

/** A grammar that cannot be compiled for a vocabulary: names the rule and why. */
export class CompileError extends ToolmaskError {
  readonly rule: string | undefined;
  constructor(code: "token_not_in_vocabulary" | "grammar_too_complex" | "unsupported_input", message: string, rule?: string) {
    super(code, message);
    this.rule = rule;
  }
}

/**
 * A matcher operation that hit its work budget (a pathological grammar, e.g. a hugely ambiguous
 * one) or was used wrongly (token id out of range, text with no UTF-8 form, bitmask of the wrong
 * length). The matcher's state is unchanged when this is thrown.
 */
export class MatcherError extends ToolmaskError {
  constructor(code: "work_budget_exceeded" | "invalid_token_id" | "invalid_text" | "invalid_bitmask" | "no_valid_token" | "invalid_rollback" | "invalid_argument", message: string) {
    super(code, message);
  }
}
