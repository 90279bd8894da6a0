import { describePeerCases, toolsNamed } from "../testing/peers.js";

const tools = toolsNamed(["stock_quote", "open_tickets", "nested_cfg", "echo_text"]);
const quote = (sym: string): string => `{"name": "stock_quote", "parameters": {"symbol": "${sym}"}}`;
const tickets = '{"name": "open_tickets", "parameters": {}}';

describePeerCases("llama3_json", tools, [
  { it: "passes text without JSON through", text: "There is nothing to look up.", content: "There is nothing to look up.", calls: [] },
  { it: "reads a bare call at the start", text: '{"name": "stock_quote", "parameters": {"symbol": "VTI", "days": 30}}', content: null, calls: [["stock_quote", '{"symbol": "VTI", "days": 30}']] },
  // vLLM finds a call object anywhere in the text; ours: a bare call starts the output, else it follows <|python_tag|>.
  { it: "leaves a call object after prose as text", text: `Here it is: ${tickets} Want more?`, content: `Here it is: ${tickets} Want more?`, calls: [] },
  { it: "reads a call after prose when <|python_tag|> opens it", text: `Here it is: <|python_tag|>${tickets}`, content: "Here it is:", calls: [["open_tickets", "{}"]] },
  { it: "withdraws a call with invalid JSON arguments", text: '{"name": "stock_quote", "parameters": {not json}', content: '{"name": "stock_quote", "parameters": {not json}', calls: [], errors: ["malformed_call"] },
  { it: "reads the arguments spelling", text: '{"name": "echo_text", "arguments": {"text": "hey"}}', content: null, calls: [["echo_text", '{"text": "hey"}']] },
  { it: "reads calls joined by semicolons", text: `${quote("AA")}; ${tickets}; ${quote("BB")}`, content: null, calls: [["stock_quote", '{"symbol": "AA"}'], ["open_tickets", "{}"], ["stock_quote", '{"symbol": "BB"}']] },
  { it: "reads calls joined by semicolons with space around them", text: `${quote("AA")} ;  ${tickets} ;\n${quote("BB")}`, content: null, calls: [["stock_quote", '{"symbol": "AA"}'], ["open_tickets", "{}"], ["stock_quote", '{"symbol": "BB"}']] },
  { it: "reads calls joined by a bare semicolon", text: `${quote("AA")};${tickets}`, content: null, calls: [["stock_quote", '{"symbol": "AA"}'], ["open_tickets", "{}"]] },
  { it: "reads calls one per line without a semicolon", text: `${quote("AA")}\n${tickets}`, content: null, calls: [["stock_quote", '{"symbol": "AA"}'], ["open_tickets", "{}"]] },
  { it: "keeps deeply nested arguments whole", text: '{"name": "nested_cfg", "parameters": {"db": {"pool": {"limits": {"max": {"conns": 12}}}}}}', content: null, calls: [["nested_cfg", '{"db": {"pool": {"limits": {"max": {"conns": 12}}}}}']] },
  {
    it: "keeps a second call with deep nesting",
    text: `${quote("CC")}; {"name": "nested_cfg", "parameters": {"a": {"b": {"c": [1, {"d": null}]}}}}`,
    content: null,
    calls: [["stock_quote", '{"symbol": "CC"}'], ["nested_cfg", '{"a": {"b": {"c": [1, {"d": null}]}}}']],
  },
  { it: "is not confused by braces and brackets inside strings", text: '{"name": "echo_text", "parameters": {"text": "set {x} to [y]", "more": {"t": "}{"}}}', content: null, calls: [["echo_text", '{"text": "set {x} to [y]", "more": {"t": "}{"}}']] },
  { it: "is not confused by escaped quotes", text: '{"name": "echo_text", "parameters": {"text": "she wrote \\"see {below}\\""}}', content: null, calls: [["echo_text", '{"text": "she wrote \\"see {below}\\""}']] },
  { it: "withdraws an object without a name", text: '{"parameters": {"symbol": "X"}}', content: '{"parameters": {"symbol": "X"}}', calls: [], errors: ["malformed_call"] },
  // vLLM requires a parameters member; our rule: a missing arguments member is {}.
  { it: "reads a call without parameters as {}", text: '{"name": "open_tickets"}', content: null, calls: [["open_tickets", "{}"]] },
  { it: "keeps prose with braces after the call as content", text: `${quote("DD")} I called {stock_quote} for you.`, content: "I called {stock_quote} for you.", calls: [["stock_quote", '{"symbol": "DD"}']] },
  { it: "keeps a JSON fragment quoted after the call as content", text: `${quote("DD")} The input was {"symbol": "DD"}`, content: 'The input was {"symbol": "DD"}', calls: [["stock_quote", '{"symbol": "DD"}']] },
  {
    it: "keeps an object without a name on the next line as content, with an error",
    text: `${quote("EE")}\n{"symbol": "EE"}`,
    content: '{"symbol": "EE"}',
    calls: [["stock_quote", '{"symbol": "EE"}']],
    errors: ["malformed_call"],
  },
  { it: "keeps the complete call when the next is cut off", text: `${quote("FF")}; {"name": "stock_quote", "parameters": {"symbol": "G`, content: '; {"name": "stock_quote", "parameters": {"symbol": "G', calls: [["stock_quote", '{"symbol": "FF"}']], errors: ["truncated_call"] },
  { it: "reads a call that also carries a type member", text: ` \n{"type": "function", "name": "echo_text", "parameters": {"text": "k"}}`, content: null, calls: [["echo_text", '{"text": "k"}']] },
  { it: "keeps a call to an undeclared function as content", text: '{"name": "wipe_all", "parameters": {}}', content: '{"name": "wipe_all", "parameters": {}}', calls: [], errors: ["unknown_tool"] },
]);
