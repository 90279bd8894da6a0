// Situations the public peers (vLLM, SGLang, Dynamo) test for harmony (gpt-oss), with our own
// inputs, checked against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { describePeerCases, expectWellFormedStream, parseChecked, streamEvents } from "../testing/peers.js";
import type { ToolDefinition } from "../types.js";

const NEXT = "<|start|>assistant";
const analysis = (t: string) => `<|channel|>analysis<|message|>${t}<|end|>`;
const header = (name: string) => `<|channel|>commentary to=functions.${name} <|constrain|>json<|message|>`;
const call = (name: string, args: string) => `${header(name)}${args}<|call|>`;
const final = (t: string) => `<|channel|>final<|message|>${t}<|return|>`;

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "find_flight", parameters: { type: "object", properties: { origin: { type: "string" }, dest: { type: "string" }, seats: { type: "integer" } } } } },
  { type: "function", function: { name: "hotel_rates", parameters: { type: "object", properties: { city: { type: "string" } } } } },
  { type: "function", function: { name: "clock" } },
];

describePeerCases("harmony", tools, [
  { it: "returns a final answer without calls as content", text: final("Lisbon is warm in May."), content: "Lisbon is warm in May.", calls: [] },
  { it: "reads a final answer whose stop token was stripped", text: "<|channel|>final<|message|>Cut here", content: "Cut here", calls: [] },
  {
    it: "keeps pretty-printed JSON arguments byte for byte",
    text: `${analysis("User wants a flight.")}${NEXT}${call("find_flight", '{\n  "origin": "OSL",\n  "dest": "LIS"\n}')}`,
    reasoning: "User wants a flight.",
    content: null,
    // vLLM re-serialises the arguments; ours are the bytes the model wrote.
    calls: [["find_flight", '{\n  "origin": "OSL",\n  "dest": "LIS"\n}']],
  },
  {
    it: "keeps nested values, unicode and \\u escapes in the arguments as written",
    text: call("find_flight", '{"seats": 2, "meta": {"tags": ["a", null, true]}, "note": "caf\\u00e9 ☕"}'),
    content: null,
    calls: [["find_flight", '{"seats": 2, "meta": {"tags": ["a", null, true]}, "note": "caf\\u00e9 ☕"}']],
  },
  {
    it: "reads several call messages in order",
    text: `${NEXT}${call("find_flight", '{"origin":"OSL"}')}${NEXT}${call("hotel_rates", '{"city":"Lisbon"}')}`,
    content: null,
    calls: [["find_flight", '{"origin":"OSL"}'], ["hotel_rates", '{"city":"Lisbon"}']],
  },
  {
    it: "reads calls followed by a final answer, the answer as content",
    text: `${analysis("Two lookups.")}${NEXT}${call("find_flight", '{"dest":"LIS"}')}${NEXT}${call("hotel_rates", '{"city":"Lisbon"}')}${NEXT}${final("Both requested.")}`,
    reasoning: "Two lookups.",
    content: "Both requested.",
    calls: [["find_flight", '{"dest":"LIS"}'], ["hotel_rates", '{"city":"Lisbon"}']],
  },
  { it: "reads a recipient without a content type", text: `${NEXT}<|channel|>commentary to=functions.hotel_rates<|message|>{"city": "Porto"}<|call|>`, content: null, calls: [["hotel_rates", '{"city": "Porto"}']] },
  { it: "reads <|constrain|> written right after the recipient", text: `${NEXT}<|channel|>commentary to=functions.hotel_rates<|constrain|>json<|message|>{"city": "Porto"}<|call|>`, content: null, calls: [["hotel_rates", '{"city": "Porto"}']] },
  { it: "reads a call ended by <|end|> instead of <|call|>", text: `${header("clock")}{}<|end|>`, content: null, calls: [["clock", "{}"]] },
  { it: "reads a call without analysis whose stop token was stripped", text: `${NEXT}${header("find_flight")}{"dest":"NRT"}`, content: null, calls: [["find_flight", '{"dest":"NRT"}']] },
  { it: "keeps text before the first message as content", text: `Checking flights.${NEXT}${call("find_flight", '{"dest":"NRT"}')}`, content: "Checking flights.", calls: [["find_flight", '{"dest":"NRT"}']] },
  { it: "keeps text before and after a call message as content", text: `Before ${NEXT}${call("find_flight", '{"dest":"NRT"}')} After`, content: "Before  After", calls: [["find_flight", '{"dest":"NRT"}']] },
  { it: "keeps several analysis messages as one reasoning", text: `${analysis("first, ")}${NEXT}${analysis("second")}${NEXT}${final("done")}`, reasoning: "first, second", content: "done", calls: [] },
  {
    it: "reads a recipient spelled inside the analysis text as reasoning",
    text: `${analysis("I could send to=functions.clock <|constrain|>json later")}${NEXT}${final("No tool needed.")}`,
    reasoning: "I could send to=functions.clock <|constrain|>json later",
    content: "No tool needed.",
    calls: [],
  },
  // Dynamo keeps the whole text as content; the markup of a message is not content for us.
  { it: "does not read a message without a header as a call", text: `${analysis("Need find_flight.")}<|message|>{"dest":"NRT"}<|call|>`, reasoning: "Need find_flight.", content: '{"dest":"NRT"}', calls: [] },
  {
    it: "withdraws an undeclared function and keeps the next call",
    text: `${call("find_flight", '{"dest":"NRT"}')}${NEXT}${call("nope", "{}")}${NEXT}${call("clock", "{}")}`,
    content: `${NEXT}${call("nope", "{}")}`,
    calls: [["find_flight", '{"dest":"NRT"}'], ["clock", "{}"]],
    errors: ["unknown_tool"],
  },
  { it: "reports a built-in tool recipient as an undeclared function", text: `${NEXT}<|channel|>commentary to=browser.search <|constrain|>json<|message|>{"query":"fares"}<|call|>`, content: `${NEXT}<|channel|>commentary to=browser.search <|constrain|>json<|message|>{"query":"fares"}<|call|>`, calls: [], errors: ["unknown_tool"] },
  // vLLM returns only functions.* recipients as calls.
  { it: "accepts any recipient as the function name without tools", text: `${NEXT}<|channel|>commentary to=browser.search <|constrain|>json<|message|>{"query":"fares"}<|call|>`, content: null, calls: [["browser.search", '{"query":"fares"}']], options: { tools: undefined } },
  // vLLM returns the text as the arguments; arguments that are not a JSON object make the call malformed for us.
  { it: "keeps a call whose arguments are not JSON as content", text: `${NEXT}${call("hotel_rates", "Porto please")}`, content: `${NEXT}${call("hotel_rates", "Porto please")}`, calls: [], errors: ["malformed_call"] },
  // vLLM returns empty arguments as ""; a call without its arguments object is malformed for us.
  { it: "keeps a call with an empty message as content", text: `${NEXT}${call("clock", "")}`, content: `${NEXT}${call("clock", "")}`, calls: [], errors: ["malformed_call"] },
  { it: "keeps a call whose arguments are a JSON array as content", text: call("find_flight", "[1, 2]"), content: call("find_flight", "[1, 2]"), calls: [], errors: ["malformed_call"] },
  { it: "keeps a call with text after its arguments as content", text: call("find_flight", '{"dest":"NRT"} then more'), content: call("find_flight", '{"dest":"NRT"} then more'), calls: [], errors: ["malformed_call"] },
  // Dynamo ends the arguments at <|call|> and recovers the call; inside a JSON string <|call|> is text.
  { it: "keeps arguments cut off inside a string as content, a <|call|> in it included", text: `${NEXT}${header("find_flight")}{"dest":"NR<|call|>`, content: `${NEXT}${header("find_flight")}{"dest":"NR<|call|>`, calls: [], errors: ["truncated_call"] },
  { it: "keeps a call cut off inside its header as content", text: `${NEXT}<|channel|>commentary to=functions.find_fl`, content: `${NEXT}<|channel|>commentary to=functions.find_fl`, calls: [], errors: ["truncated_call"] },
  { it: "keeps a call cut off before <|message|> as content", text: `${analysis("x")}${NEXT}<|channel|>commentary to=functions.clock <|constrain|>json`, reasoning: "x", content: `${NEXT}<|channel|>commentary to=functions.clock <|constrain|>json`, calls: [], errors: ["truncated_call"] },
  { it: "keeps a message cut off inside its channel name as content", text: `${NEXT}<|channel|>comment`, content: `${NEXT}<|channel|>comment`, calls: [] },
]);

describe("harmony: streaming the situations the peers test", () => {
  const options: ParseOptions = { format: "harmony", tools, idGenerator: sequentialIds, reasoning: true };

  it("streams reasoning, then the call by name and argument fragments that join to the arguments", () => {
    const text = `${analysis("Look up Porto.")}${NEXT}${call("hotel_rates", '{"city": "Porto", "note": "<|end|> is text here"}')}`;
    const whole = parseChecked(text, options);
    expect(whole.reasoning).toBe("Look up Porto.");
    expect(whole.toolCalls.map((c) => [c.function.name, c.function.arguments])).toEqual([["hotel_rates", '{"city": "Porto", "note": "<|end|> is text here"}']]);
    for (const size of [1, 2, 5, 9]) expectWellFormedStream(streamEvents(text, size, options), whole);
  });

  it("streams the text before a call as content, without a partial marker", () => {
    const text = `I'll look that up. ${NEXT}${call("hotel_rates", '{"city": "Faro"}')}`;
    for (const size of [1, 3, 7]) {
      const content = streamEvents(text, size, options).flatMap((e) => (e.type === "content" ? [e.text] : []));
      expect(content.join("")).toBe("I'll look that up.");
      expect(content.some((t) => t.includes("<"))).toBe(false);
    }
  });
});
