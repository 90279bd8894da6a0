/**
 * @toolmask/engine: token masks from grammars. A `Vocabulary` is prepared once per tokenizer,
 * `compileGrammar` turns a grammar into a `CompiledGrammar` for it, and a `GrammarMatcher` per
 * request says which tokens may come next.
 */
export { Vocabulary, MAX_VOCAB_SIZE, type TokenizerJSON, type VocabularyOptions } from "./vocabulary.js";
export type { ByteEncoding } from "./byte-decoding.js";
export type { TokenTrie } from "./token-trie.js";
export { compileGrammar, CompiledGrammar, type GrammarInput, type CompileGrammarOptions } from "./compiled.js";
export { DEFAULT_AUTOMATON_BUDGET, type AutomatonBudget } from "./compile.js";
export { GrammarMatcher, type MatcherOptions } from "./matcher.js";
export { applyTokenBitmask, allocateTokenBitmask, bitmaskWords, countAllowed, allowedTokens, isTokenAllowed } from "./bitmask.js";
export { VocabularyError, CompileError, MatcherError } from "./errors.js";
