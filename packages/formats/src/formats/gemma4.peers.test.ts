// Situations the public peers (vLLM, SGLang) test for Gemma 4, with our own inputs, checked
// against toolmask's rules (README, "The rules where the peers disagree").
import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { describePeerCases, expectWellFormedStream, parseChecked, streamEvents } from "../testing/peers.js";
import type { ToolDefinition } from "../types.js";

const Q = '<|"|>';
const OPEN = "<|tool_call>";
const CLOSE = "<tool_call|>";
const call = (name: string, args: string) => `${OPEN}call:${name}${args}${CLOSE}`;
const s = (text: string) => `${Q}${text}${Q}`;

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "book_table",
      parameters: {
        type: "object",
        properties: { venue: { type: "string" }, guests: { type: "integer" }, deposit: { type: "number" }, terrace: { type: "boolean" }, note: { type: ["string", "null"] }, courses: { type: "array" }, contact: { type: "object" }, zip: { type: "string" } },
      },
    },
  },
  { type: "function", function: { name: "list-rooms", parameters: { type: "object", properties: { floor: { type: "integer" } } } } },
  { type: "function", function: { name: "fs.write", parameters: { type: "object", properties: { path: { type: "string" }, body: { type: "string" } } } } },
  { type: "function", function: { name: "ping" } },
];

describePeerCases("gemma4", tools, [
  { it: "keeps the text before a call, with a comma inside a quoted value", text: `Booking it now. ${call("book_table", `{venue:${s("Chez Marie, Lyon")}}`)}`, content: "Booking it now.", calls: [["book_table", '{"venue":"Chez Marie, Lyon"}']] },
  { it: "keeps the text between and after calls as content, in order", text: `First. ${call("list-rooms", "{floor:1}")} Then. ${call("ping", "{}")} Last.`, content: "First.  Then.  Last.", calls: [["list-rooms", '{"floor":1}'], ["ping", "{}"]] },
  { it: "reads bare integers, negative floats, booleans and null as JSON values", text: call("book_table", "{guests:4,deposit:-12.5,terrace:true,note:null}"), content: null, calls: [["book_table", '{"guests":4,"deposit":-12.5,"terrace":true,"note":null}']] },
  { it: "keeps the digits of a number as written", text: call("book_table", "{deposit:1e3,guests:0}"), content: null, calls: [["book_table", '{"deposit":1e3,"guests":0}']] },
  { it: "keeps a quoted number a string, leading zero included", text: call("book_table", `{zip:${s("02139")}}`), content: null, calls: [["book_table", '{"zip":"02139"}']] },
  // vLLM reads Python's float spelling 108. as 108.0; a bare number must be JSON for us, so it stays text.
  { it: "keeps a number with a trailing dot as the text written", text: call("book_table", "{deposit:108.,guests:2}"), content: null, calls: [["book_table", '{"deposit":"108.","guests":2}']] },
  { it: "reads object keys written as quoted strings, colons and commas included", text: call("book_table", `{contact:{${s("7")}:${s("front desk")},${s("ext: 1, 2")}:3}}`), content: null, calls: [["book_table", '{"contact":{"7":"front desk","ext: 1, 2":3}}']] },
  {
    it: "reads arrays mixing strings with brackets, nested arrays, objects, scalars and empty containers",
    text: call("book_table", `{courses:[${s("soup]x")},[1, 2],{dish:${s("tart")}}, 3.5, false, null, []],contact:{}}`),
    content: null,
    calls: [["book_table", '{"courses":["soup]x",[1,2],{"dish":"tart"},3.5,false,null,[]],"contact":{}}']],
  },
  { it: "reads objects nested several levels deep", text: call("book_table", `{contact:{a:{b:{c:[${s("deep")}]}}}}`), content: null, calls: [["book_table", '{"contact":{"a":{"b":{"c":["deep"]}}}}']] },
  { it: "allows whitespace around keys, colons, values and commas", text: call("book_table", `{venue: ${s("Ode")} , guests : 4 }`), content: null, calls: [["book_table", '{"venue":"Ode","guests":4}']] },
  { it: "allows whitespace around call: and before the arguments", text: `${OPEN} call:ping {} ${CLOSE}`, content: null, calls: [["ping", "{}"]] },
  {
    it: "keeps a multi-line HTML value verbatim, quotes, braces and angle brackets included",
    text: call("fs.write", `{body:${s('<!doctype html>\n<p class="x">hi, {you}</p>\n')},path:${s("a.html")}}`),
    content: null,
    calls: [["fs.write", '{"body":"<!doctype html>\\n<p class=\\"x\\">hi, {you}</p>\\n","path":"a.html"}']],
  },
  { it: "keeps tabs, quotes, backslashes and emoji in a value, escaped as JSON", text: call("book_table", `{venue:${s('tab\tand "q" \\ 🍷')}}`), content: null, calls: [["book_table", '{"venue":"tab\\tand \\"q\\" \\\\ 🍷"}']] },
  { it: "reads an empty quoted string", text: call("book_table", `{venue:${s("")}}`), content: null, calls: [["book_table", '{"venue":""}']] },
  { it: "keeps text after a call that starts with an angle bracket", text: `${call("ping", "{}")}<div>after</div>`, content: "<div>after</div>", calls: [["ping", "{}"]] },
  { it: "keeps text after the closing <|tool_response>", text: `${call("ping", "{}")}<|tool_response>trailing`, content: "trailing", calls: [["ping", "{}"]] },
  { it: "accepts hyphens and dots in function names", text: `${call("list-rooms", "{floor:3}")}${call("fs.write", `{path:${s("b.txt")}}`)}`, content: null, calls: [["list-rooms", '{"floor":3}'], ["fs.write", '{"path":"b.txt"}']] },
  { it: "accepts any function name without tools", text: call("weather.get-now", `{city:${s("Oslo")}}`), content: null, calls: [["weather.get-now", '{"city":"Oslo"}']], options: { tools: undefined } },
  { it: "withdraws an undeclared function and keeps the next call", text: `${call("erase_all", "{}")}${call("ping", "{}")}`, content: call("erase_all", "{}"), calls: [["ping", "{}"]], errors: ["unknown_tool"] },
  { it: "keeps the thought channel as reasoning when the output ends inside it", text: "<|channel>thought\nStill weighing", reasoning: "Still weighing", content: null, calls: [] },
  { it: "keeps a call cut off without its closing marker as content", text: `${OPEN}call:list-rooms{floor:2}`, content: `${OPEN}call:list-rooms{floor:2}`, calls: [], errors: ["truncated_call"] },
  { it: "keeps a call cut off inside its function name as truncated, not unknown", text: `${OPEN}call:book_ta`, content: `${OPEN}call:book_ta`, calls: [], errors: ["truncated_call"] },
  { it: "keeps the first call when the second is cut off", text: `${call("list-rooms", "{floor:1}")}${OPEN}call:book_table{venue:${Q}Par`, content: `${OPEN}call:book_table{venue:${Q}Par`, calls: [["list-rooms", '{"floor":1}']], errors: ["truncated_call"] },
  // SGLang reads the call up to <tool_call|>; a string may hold <tool_call|>, so ours runs to the end.
  { it: "treats an unclosed string as running to the end of the output", text: `${OPEN}call:book_table{venue:${Q}x${CLOSE}`, content: `${OPEN}call:book_table{venue:${Q}x${CLOSE}`, calls: [], errors: ["truncated_call"] },
  { it: "keeps a block that is not a call as content", text: `${OPEN}reserve a table${CLOSE}`, content: `${OPEN}reserve a table${CLOSE}`, calls: [], errors: ["malformed_call"] },
  { it: "keeps a call without braces as content", text: `${OPEN}call:ping${CLOSE}`, content: `${OPEN}call:ping${CLOSE}`, calls: [], errors: ["malformed_call"] },
  { it: "keeps a call with an extra closing brace as content", text: `${OPEN}call:list-rooms{floor:2}}${CLOSE}`, content: `${OPEN}call:list-rooms{floor:2}}${CLOSE}`, calls: [], errors: ["malformed_call"] },
  // vLLM reads a key without a value as the empty string; a missing value makes the call malformed for us.
  { it: "keeps a call with a key but no value as content", text: `${OPEN}call:book_table{venue:}${CLOSE}`, content: `${OPEN}call:book_table{venue:}${CLOSE}`, calls: [], errors: ["malformed_call"] },
  // vLLM drops the empty item after a trailing comma; for us it is a missing value.
  { it: "keeps a call with a trailing comma in an array as content", text: `${OPEN}call:book_table{courses:[1,]}${CLOSE}`, content: `${OPEN}call:book_table{courses:[1,]}${CLOSE}`, calls: [], errors: ["malformed_call"] },
  // vLLM's offline parser accepts <turn|> as the closing marker; a missing <tool_call|> is malformed for us.
  { it: "keeps a call closed by <turn|> instead of <tool_call|> as content", text: `${OPEN}call:book_table{venue:${s("x")}}<turn|>`, content: `${OPEN}call:book_table{venue:${s("x")}}<turn|>`, calls: [], errors: ["malformed_call"] },
  // vLLM's offline parser also reads call: with a stray colon before it.
  { it: "keeps a call with a stray colon before call: as content", text: `${OPEN}:call:list-rooms{floor:2}${CLOSE}`, content: `${OPEN}:call:list-rooms{floor:2}${CLOSE}`, calls: [], errors: ["malformed_call"] },
  // vLLM's offline parser reads a bare call:NAME{…} after the thought channel; without <|tool_call> it is text for us.
  { it: "reads call:NAME{…} without <|tool_call> as text", text: "<|channel>thought\nFind rooms.<channel|>call:list-rooms{floor:2}", reasoning: "Find rooms.", content: "call:list-rooms{floor:2}", calls: [] },
  // vLLM's offline parser reads <call>NAME{…} too.
  { it: "reads <call>NAME{…} as text", text: "<call>list-rooms{floor:2}", content: "<call>list-rooms{floor:2}", calls: [] },
]);

describe("gemma4: streaming the situations the peers test", () => {
  const options: ParseOptions = { format: "gemma4", tools, idGenerator: sequentialIds, reasoning: false };

  it("announces a call once and streams arguments that join to the final ones, whatever the token boundaries", () => {
    // Pieces split inside the string marker, a boolean, a number and the closing marker.
    const pieces = ["Let me book. <|tool", "_call>call:book_", "table{venue:<|", '"|>Ode, Lyon<|"', "|>,terrace:tr", "ue,guests:1", "2}<tool_", "call|> done"];
    const text = pieces.join("");
    const whole = parseChecked(text, options);
    expect(whole.content).toBe("Let me book.  done");
    expect(whole.toolCalls.map((c) => [c.function.name, c.function.arguments])).toEqual([["book_table", '{"venue":"Ode, Lyon","terrace":true,"guests":12}']]);
    for (const size of [1, 4, 7]) expectWellFormedStream(streamEvents(text, size, options), whole);
  });

  it("withdraws a streamed call that turns out malformed, and its text follows as content", () => {
    const text = `${OPEN}call:list-rooms{floor:2}}${CLOSE}`;
    const events = streamEvents(text, 3, options);
    expect(events.map((e) => (e.type === "content" || e.type === "reasoning" ? e.type : `${e.type}:${e.index}`)).filter((t, i, all) => t !== all[i - 1])).toEqual(["tool_call_start:0", "tool_call_delta:0", "tool_call_error:0", "content"]);
    expect(events.map((e) => (e.type === "content" ? e.text : "")).join("")).toBe(text);
    expect(parseChecked(text, options)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "malformed_call" }] });
  });
});
