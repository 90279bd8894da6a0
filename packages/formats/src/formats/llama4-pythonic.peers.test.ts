import { describePeerCases, toolsNamed } from "../testing/peers.js";
import { PYTHONIC_LIST_CASES } from "../testing/pythonic-peer-cases.js";

const tools = toolsNamed(["forecast", "signup", "noop", "tweak", "calc"]);

describePeerCases("llama4_pythonic", tools, [
  ...PYTHONIC_LIST_CASES,
  { it: "reads a list between <|python_start|> and <|python_end|>", text: "<|python_start|>[forecast(town='X', scale='C')]<|python_end|>", content: null, calls: [["forecast", { town: "X", scale: "C" }]] },
  { it: "reads a list after <|python_start|> without the end marker", text: "<|python_start|>[forecast(town='X', scale='C'),signup(handle='Q', years=9)]", content: null, calls: [["forecast", { town: "X", scale: "C" }], ["signup", { handle: "Q", years: 9 }]] },
  { it: "reads three calls in the markers", text: "<|python_start|>[forecast(town='X'), noop(), tweak(steps=[])]<|python_end|>", content: null, calls: [["forecast", { town: "X" }], ["noop", "{}"], ["tweak", { steps: [] }]] },
  { it: "reads <|python_start|> after text", text: "Checking: <|python_start|>[forecast(town='X')]<|python_end|>", content: "Checking:", calls: [["forecast", { town: "X" }]] },
  { it: "keeps text on both sides of a marked list", text: "Mars it is. <|python_start|>[forecast(town='Mars')]<|python_end|> That should do.", content: "Mars it is.  That should do.", calls: [["forecast", { town: "Mars" }]] },
  { it: "reads a second marked list", text: "<|python_start|>[forecast(town='Mars')]<|python_end|><|python_start|>[noop()]<|python_end|>", content: null, calls: [["forecast", { town: "Mars" }], ["noop", "{}"]] },
  { it: "keeps a broken marked list as content through its end marker", text: "<|python_start|>[calc(x=1])]<|python_end|> sorry", content: "<|python_start|>[calc(x=1])]<|python_end|> sorry", calls: [], errors: ["malformed_call"] },
  {
    it: "reads a marked list after a broken one",
    text: "<|python_start|>[calc(x=1])]<|python_end|><|python_start|>[noop()]<|python_end|>",
    content: "<|python_start|>[calc(x=1])]<|python_end|>",
    calls: [["noop", "{}"]],
    errors: ["malformed_call"],
  },
  { it: "keeps the marker with text after it as text", text: "<|python_start|>not a list<|python_end|>", content: "<|python_start|>not a list<|python_end|>", calls: [] },
  { it: "keeps a list after prose without the marker as text", text: "Here you go: [forecast(town='Lima')]", content: "Here you go: [forecast(town='Lima')]", calls: [] },
]);
