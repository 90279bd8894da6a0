import { validateGrammar, type Grammar } from "@toolmask/grammar";
import { Automata, DEFAULT_AUTOMATON_BUDGET, type AutomatonBudget } from "./automata.js";
import { NfaBuilder } from "./nfa-builder.js";
import type { Vocabulary } from "./vocabulary.js";

export { DEFAULT_AUTOMATON_BUDGET, type AutomatonBudget };

/**
 * Compiles grammar IR for a vocabulary: special-token terminals are resolved to token ids (a token
 * the vocabulary lacks is a `CompileError`), every rule becomes an NFA, and the automata over them
 * are made ready to be determinized as parsing reaches their states.
 */
export function compileTables(grammar: Grammar, vocab: Vocabulary, budget: AutomatonBudget = DEFAULT_AUTOMATON_BUDGET): Automata {
  validateGrammar(grammar);
  const builder = new NfaBuilder(grammar, vocab);
  const startRule = builder.build();
  return new Automata(vocab, builder, startRule, budget);
}
