import { describeAgreement } from "../testing/agreement.js";
import { describeVectors } from "../testing/vectors.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, metric: { type: "string", enum: ["celsius", "fahrenheit"] }, days: { type: "integer" } }, required: ["city"] } } },
  { type: "function", function: { name: "set_flags", parameters: { type: "object", properties: { on: { type: "boolean" }, tags: { type: "array", items: { type: "string" } }, opts: { type: "object" }, note: { type: ["string", "null"] } } } } },
  { type: "function", function: { name: "web.search-v2", parameters: { type: "object", properties: { q: { type: "string" } } } } },
  { type: "function", function: { name: "now" } },
];

describeVectors("pythonic", tools, [
  { it: "reads a single call with single-quoted strings", text: "[get_weather(city='San Francisco', metric='celsius')]", calls: [["get_weather", { city: "San Francisco", metric: "celsius" }]], content: null },
  { it: "reads parallel calls with double-quoted strings", text: '[get_weather(city="San Francisco"), get_weather(city="Seattle")]', calls: [["get_weather", { city: "San Francisco" }], ["get_weather", { city: "Seattle" }]] },
  { it: "returns text as content", text: "I can't help with that.", content: "I can't help with that.", calls: [] },
  { it: "keeps text after the list", text: "[now()]\nChecking the time.", content: "Checking the time.", calls: [["now", "{}"]] },
  { it: "converts Python literals to JSON", text: "[set_flags(on=True, tags=['a', \"b\"], opts={'k': None, 'n': 1.5}, note=None)]", calls: [["set_flags", '{"on": true, "tags": ["a","b"], "opts": {"k":null,"n":1.5}, "note": null}']] },
  { it: "reads unicode, escapes and brackets inside strings", text: "[web.search-v2(q='Zürich \\'quoted\\' ]) \\u00e9 \\n😀')]", calls: [["web.search-v2", { q: "Zürich 'quoted' ]) é \n😀" }]] },
  { it: "reads a call without arguments", text: "[now()]", calls: [["now", "{}"]] },
  { it: "accepts JSON keywords that models mix in", text: "[set_flags(on=true, note=null)]", calls: [["set_flags", { on: true, note: null }]] },
  { it: "keeps a malformed list as content", text: "[get_weather(city=Paris)]", content: "[get_weather(city=Paris)]", calls: [], errors: ["malformed_call"] },
  { it: "keeps a truncated list as content", text: "[get_weather(city='Par", content: "[get_weather(city='Par", calls: [], errors: ["truncated_call"] },
  { it: "reports an undeclared function", text: "[os.system(cmd='rm')]", calls: [], errors: ["unknown_tool"] },
  { it: "does not read a bracket inside text as calls", text: "See [1]: now() is fine.", content: "See [1]: now() is fine.", calls: [] },
  { it: "reads Unicode identifiers as argument names", text: "[f(城市='北京', é_2=1, 𐐀x=None)]", calls: [["f", { 城市: "北京", é_2: 1, 𐐀x: null }]], options: { tools: undefined } },
  { it: "keeps a call whose argument name is not an identifier as content", text: "[get_weather(city-id='x')]", content: "[get_weather(city-id='x')]", calls: [], errors: ["malformed_call"] },
  { it: "reads calls spread over lines", text: "[\n  get_weather(\n    city='Oslo',\n    days=3,\n  ),\n  now()\n]", calls: [["get_weather", { city: "Oslo", days: 3 }], ["now", "{}"]] },
]);

describeAgreement("pythonic", { exactArguments: false, textBefore: false, fuzzPieces: ["[", "]", "(", ")", "=", "'", "True", "None", "f(", "get_weather("] });

describeParameterNames("pythonic", { refused: ["user-id", "a.b", "$x", "k y", "", "1x", "a=b", "😀", "ﬁle"], written: ["城市", "é_1", "𐐀", "_", "from", "camelCase"] });
