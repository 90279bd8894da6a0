import { checkRuleNames, GrammarError, type Grammar } from "@toolmask/grammar";
import { Automata, DEFAULT_AUTOMATON_BUDGET, type AutomatonBudget } from "./automata.js";
import { NfaBuilder } from "./nfa-builder.js";
import type { Vocabulary } from "./vocabulary.js";

export { DEFAULT_AUTOMATON_BUDGET, type AutomatonBudget };

/**
 * Compiles grammar IR for a vocabulary: special-token terminals are checked against the
 * vocabulary (a token it lacks is a `CompileError`), the start rule becomes an NFA, and the
 * automata are made ready to build the other rules and their states as parsing reaches them.
 */
export function compileTables(grammar: Grammar, vocab: Vocabulary, budget: AutomatonBudget = DEFAULT_AUTOMATON_BUDGET): Automata {
  // Structure is checked here and, node by node, in the builder's one walk over the IR (see
  // analyzeRules); whether the language is empty follows from the automata's own analysis of
  // which rules derive anything.
  checkRuleNames(grammar);
  const builder = new NfaBuilder(grammar, vocab);
  const startRule = builder.build();
  const automata = new Automata(vocab, builder, startRule, budget);
  if (automata.startOf(startRule) < 0) {
    throw new GrammarError("empty_language", `start rule "${grammar.start}" derives no finite string: the grammar's language is empty`, grammar.start);
  }
  return automata;
}
