// Situations the public peers (vLLM, SGLang) test for DeepSeek-V4 DSML (and, as V4 shares its
// grammar, for V3.2 DSML), with our own inputs, checked against toolmask's rules (README, "The
// rules where the peers disagree"). What deepseek-v4.test.ts already covers (several invokes,
// text around the block, an invoke without a name, a truncated block...) is not repeated here.
import { describe, it } from "vitest";
import { parseToolCalls } from "../api.js";
import { sequentialIds } from "../testing/agreement.js";
import { describePeerCases, expectWellFormedStream, streamEvents } from "../testing/peers.js";
import type { ToolDefinition } from "../types.js";

const D = "｜DSML｜";
const OPEN = `<${D}tool_calls>`;
const CLOSE = `</${D}tool_calls>`;
/** A parameter; `str` null leaves the string attribute out. */
const p = (k: string, v: string, str: boolean | null = true) => `<${D}parameter name="${k}"${str === null ? "" : ` string="${str}"`}>${v}</${D}parameter>\n`;
const inv = (name: string, params = "") => `<${D}invoke name="${name}">\n${params}</${D}invoke>\n`;
const block = (...invokes: string[]) => `${OPEN}\n${invokes.join("")}${CLOSE}`;

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "set_lamp",
      parameters: {
        type: "object",
        properties: {
          room: { type: "string" },
          on: { type: "boolean" },
          level: { type: "integer" },
          ratio: { type: "number" },
          scene: { type: "object" },
          tags: { type: "array", items: { type: "string" } },
          label: { type: ["string", "null"] },
          dim: { type: ["integer", "null"] },
          mode: { anyOf: [{ type: "object" }, { type: "null" }] },
        },
      },
    },
  },
  { type: "function", function: { name: "read_sensor", parameters: { type: "object", properties: { id: { type: "string" } } } } },
  { type: "function", function: { name: "save_memo", parameters: { type: "object", properties: { body: { type: "object" } } } } },
];

describePeerCases("deepseek_v4", tools, [
  { it: "passes plain text through as content", text: "The hall sensor reads 21 degrees.", content: "The hall sensor reads 21 degrees.", calls: [] },
  // V4 writes <｜DSML｜tool_calls>; the V3.2 wrapper is not a V4 call block (vLLM agrees).
  { it: "does not read a V3.2 function_calls block", text: block(inv("read_sensor", p("id", "hall"))).replaceAll("tool_calls", "function_calls"), content: block(inv("read_sensor", p("id", "hall"))).replaceAll("tool_calls", "function_calls"), calls: [] },
  {
    it: "reads JSON values written with string=\"false\" as the JSON they spell",
    text: block(inv("set_lamp", p("on", "true", false) + p("level", "40", false) + p("ratio", "0.75", false) + p("scene", '{"hue": 210}', false) + p("tags", '["warm", "dim"]', false))),
    content: null,
    calls: [["set_lamp", '{"on": true, "level": 40, "ratio": 0.75, "scene": {"hue": 210}, "tags": ["warm", "dim"]}']],
  },
  // vLLM turns 3.0 into 3; our rule keeps numbers as written.
  { it: "keeps a number's digits as written", text: block(inv("set_lamp", p("ratio", "2.0", false) + p("level", "-0.50e3", false))), content: null, calls: [["set_lamp", '{"ratio": 2.0, "level": -0.50e3}']] },
  // vLLM coerces a string="true" value to the schema's type (40); the string attribute is the model's word, so it stays a string.
  { it: "keeps a value written with string=\"true\" a string even for an integer parameter", text: block(inv("set_lamp", p("level", "40"))), content: null, calls: [["set_lamp", '{"level": "40"}']] },
  // vLLM coerces it to an object by the schema; the string attribute wins here too.
  { it: "keeps JSON text written with string=\"true\" a string", text: block(inv("set_lamp", p("mode", '{"kind": "party"}'))), content: null, calls: [["set_lamp", { mode: '{"kind": "party"}' }]] },
  {
    it: "reads null, and keeps text that fits no schema type a string",
    text: block(inv("set_lamp", p("room", "null", false) + p("label", "null", false) + p("dim", "null", false) + p("level", "lots", false))),
    content: null,
    calls: [["set_lamp", '{"room": "null", "label": null, "dim": null, "level": "lots"}']],
  },
  { it: "keeps prose written with string=\"false\" for an object parameter a string", text: block(inv("save_memo", p("body", "Привет, это заметка!", false))), content: null, calls: [["save_memo", { body: "Привет, это заметка!" }]] },
  { it: "keeps unbalanced JSON written with string=\"false\" a string", text: block(inv("save_memo", p("body", '{"draft": tr', false))), content: null, calls: [["save_memo", { body: '{"draft": tr' }]] },
  { it: "reads an object for a parameter whose schema is a union", text: block(inv("set_lamp", p("mode", '{"kind":"party","bpm":120}', false))), content: null, calls: [["set_lamp", '{"mode": {"kind":"party","bpm":120}}']] },
  // vLLM unwraps a lone "arguments" (or "input") parameter; we keep the parameter the model wrote.
  { it: "keeps a parameter named arguments as written", text: block(inv("read_sensor", p("arguments", '{"id": "attic"}', false))), content: null, calls: [["read_sensor", '{"arguments": {"id": "attic"}}']] },
  { it: "types values by the schema when the string attribute is missing", text: block(inv("set_lamp", p("level", "7", null) + p("room", "7", null) + p("on", "True", null))), content: null, calls: [["set_lamp", '{"level": 7, "room": "7", "on": true}']] },
  {
    it: "reads JSON values without a schema when no tools are given",
    text: block(inv("any_tool", p("count", "42", false) + p("flag", "true", false) + p("word", "hi", false) + p("raw", "42"))),
    content: null,
    calls: [["any_tool", '{"count": 42, "flag": true, "word": "hi", "raw": "42"}']],
    options: { tools: undefined },
  },
  { it: "keeps string values verbatim, with their whitespace", text: block(inv("read_sensor", p("id", " upstairs \n hall "))), content: null, calls: [["read_sensor", '{"id": " upstairs \\n hall "}']] },
  { it: "escapes quotes, backslashes and unicode of a raw string", text: block(inv("read_sensor", p("id", '🛰️ 北京 "q" \\ back'))), content: null, calls: [["read_sensor", '{"id": "🛰️ 北京 \\"q\\" \\\\ back"}']] },
  { it: "reads an empty string value", text: block(inv("read_sensor", p("id", ""))), content: null, calls: [["read_sensor", '{"id": ""}']] },
  {
    it: "reads a block written without newlines",
    text: `${OPEN}<${D}invoke name="set_lamp"><${D}parameter name="level" string="false">12</${D}parameter></${D}invoke>${CLOSE}`,
    content: null,
    calls: [["set_lamp", '{"level": 12}']],
  },
  {
    it: "reads attributes with extra spaces or single quotes",
    text: `${OPEN}\n<${D}invoke  name = "set_lamp" >\n<${D}parameter   name='level'   string='false' >3</${D}parameter>\n</${D}invoke>\n${CLOSE}`,
    content: null,
    calls: [["set_lamp", '{"level": 3}']],
  },
  {
    it: "reads the text before </think> as reasoning the prompt opened",
    text: `Check the hall first.</think>\n\n${block(inv("read_sensor", p("id", "hall")))}`,
    content: null,
    reasoning: "Check the hall first.",
    calls: [["read_sensor", '{"id": "hall"}']],
  },
  { it: "reads calls of two blocks", text: `${block(inv("read_sensor", p("id", "a")))}\n${block(inv("read_sensor", p("id", "b")))}`, content: null, calls: [["read_sensor", '{"id": "a"}'], ["read_sensor", '{"id": "b"}']] },
  // Dynamo's block regex needs the end marker, so it drops the calls; ours keeps complete invokes.
  { it: "keeps the complete invokes of a block whose end marker never comes", text: `${OPEN}\n${inv("read_sensor", p("id", "k9"))}`, content: null, calls: [["read_sensor", '{"id": "k9"}']] },
  {
    it: "keeps the complete invokes of a block cut off in a later one",
    text: `${OPEN}\n${inv("read_sensor", p("id", "a"))}<${D}invoke name="set_lamp">\n<${D}parameter name="level" string="false">1`,
    content: `<${D}invoke name="set_lamp">\n<${D}parameter name="level" string="false">1`,
    calls: [["read_sensor", '{"id": "a"}']],
    errors: ["truncated_call"],
  },
  { it: "keeps an opening marker at the very end as content", text: `Here goes ${OPEN}`, content: `Here goes ${OPEN}`, calls: [], errors: ["truncated_call"] },
  { it: "keeps a block without invokes as content", text: `${OPEN}\n${CLOSE}`, content: `${OPEN}\n${CLOSE}`, calls: [] },
  {
    it: "drops only the invoke that names an undeclared tool",
    text: block(inv("unplug_all"), inv("read_sensor", p("id", "z"))),
    content: `${OPEN}\n${inv("unplug_all").trimEnd()}`,
    calls: [["read_sensor", '{"id": "z"}']],
    errors: ["unknown_tool"],
  },
  { it: "keeps an invoke with a parameter without a name as content", text: block(inv("read_sensor", `<${D}parameter string="true">v</${D}parameter>\n`)), content: block(inv("read_sensor", `<${D}parameter string="true">v</${D}parameter>\n`)), calls: [], errors: ["malformed_call"] },
  { it: "keeps an invoke holding loose text as content", text: block(inv("read_sensor", "not a parameter\n")), content: block(inv("read_sensor", "not a parameter\n")), calls: [], errors: ["malformed_call"] },
  // Some peer parsers take a JSON object inside an invoke as its arguments (a shape other engines' constrained decoding writes); DSML invokes hold parameters only.
  { it: "keeps an invoke holding a JSON object instead of parameters as content", text: block(inv("read_sensor", '{"id": "cellar"}\n')), content: block(inv("read_sensor", '{"id": "cellar"}\n')), calls: [], errors: ["malformed_call"] },
  {
    it: "keeps an invoke missing its end marker as content",
    text: `${OPEN}\n<${D}invoke name="read_sensor">\n${p("id", "a")}${CLOSE}`,
    content: `${OPEN}\n<${D}invoke name="read_sensor">\n${p("id", "a")}${CLOSE}`,
    calls: [],
    errors: ["malformed_call"],
  },
  // vLLM and Dynamo still make a call with no arguments; a value ends only at </｜DSML｜parameter>
  // (the renderer writes any other text, DSML markup included, in a raw string), so the output ends inside it.
  {
    it: "keeps an invoke whose parameter never closes as content",
    text: `${OPEN}\n<${D}invoke name="read_sensor">\n<${D}parameter name="id" string="true">a\n</${D}invoke>\n${CLOSE}\nDone.`,
    content: `${OPEN}\n<${D}invoke name="read_sensor">\n<${D}parameter name="id" string="true">a\n</${D}invoke>\n${CLOSE}\nDone.`,
    calls: [],
    errors: ["truncated_call"],
  },
  { it: "does not read an invoke outside a block", text: inv("read_sensor", p("id", "x")), content: inv("read_sensor", p("id", "x")).trimEnd(), calls: [] },
  { it: "leaves a stray closing marker in content", text: `${CLOSE} done`, content: `${CLOSE} done`, calls: [] },
]);

describe("deepseek_v4: streaming as the peers check it", () => {
  const options = { format: "deepseek_v4", tools, idGenerator: sequentialIds };
  const texts = [
    block(inv("read_sensor", p("id", "deep hall"))),
    `Checking. ${block(inv("read_sensor", p("id", "a")), inv("set_lamp", p("level", "3", false) + p("on", "false", false)))}`,
    block(inv("save_memo", p("body", "Привет, это заметка!", false))),
    block(inv("save_memo", p("body", '{"city": "Lyon", "n": [1, 2]}', false))),
    block(inv("read_sensor")),
    "Hello there, no tools today.",
  ];
  it.each(texts)("announces names once and streams arguments that add up: %s", (text) => {
    const whole = parseToolCalls(text, options);
    for (const size of [1, 2, 3, 5, 7]) expectWellFormedStream(streamEvents(text, size, options), whole);
  });
});
