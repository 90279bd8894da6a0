import { describePeerCases, toolsNamed } from "../testing/peers.js";
import { PYTHONIC_LIST_CASES } from "../testing/pythonic-peer-cases.js";

const tools = toolsNamed(["forecast", "signup", "noop", "tweak", "calc"]);

describePeerCases("pythonic", tools, [
  ...PYTHONIC_LIST_CASES,
  // SGLang reads a list after text; ours: a pythonic reply that does not start with "[" is text.
  { it: "keeps a list after prose as text", text: "Here you go: [forecast(town='Lima')]", content: "Here you go: [forecast(town='Lima')]", calls: [] },
]);
