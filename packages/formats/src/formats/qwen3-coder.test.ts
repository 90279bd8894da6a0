import { describe, expect, it } from "vitest";
import { createToolCallStream, parseToolCalls, renderToolCall } from "../api.js";
import { describeAgreement, sequentialIds } from "../testing/agreement.js";
import type { ToolDefinition } from "../types.js";
import { describeParameterNames } from "../testing/parameter-names.js";


const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "edit_file",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string" },
          line: { type: "integer" },
          dry: { type: "boolean" },
          zip: { type: "string" },
          tags: { type: "array", items: { type: "string" } },
          note: { type: ["string", "null"] },
        },
        required: ["path"],
      },
    },
  },
  { type: "function", function: { name: "list-dir.v2" } },
];
const parse = (text: string, reasoning?: boolean | "started") => parseToolCalls(text, { format: "qwen3_coder", tools, idGenerator: sequentialIds, ...(reasoning !== undefined ? { reasoning } : {}) });
const wrap = (name: string, params: string) => `<tool_call>\n<function=${name}>\n${params}</function>\n</tool_call>`;
const p = (k: string, v: string) => `<parameter=${k}>\n${v}\n</parameter>\n`;

describe("qwen3_coder vectors", () => {
  it("reads a single call and types each value by the schema", () => {
    const r = parse(wrap("edit_file", p("path", "src/a.py") + p("line", "12") + p("dry", "true") + p("zip", "02139") + p("tags", '["a", "b"]')));
    expect(r.errors).toEqual([]);
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ path: "src/a.py", line: 12, dry: true, zip: "02139", tags: ["a", "b"] });
    expect(r.toolCalls[0]!.function.arguments).toBe('{"path": "src/a.py", "line": 12, "dry": true, "zip": "02139", "tags": ["a", "b"]}');
  });

  it("reads parallel calls and a no-argument tool with a dotted, hyphenated name", () => {
    const r = parse(`${wrap("list-dir.v2", "")}\n${wrap("edit_file", p("path", "x"))}`);
    expect(r.toolCalls.map((c) => [c.function.name, c.function.arguments])).toEqual([
      ["list-dir.v2", "{}"],
      ["edit_file", '{"path": "x"}'],
    ]);
  });

  it("returns text without calls as content", () => {
    expect(parse("Nothing to do here.")).toEqual({ content: "Nothing to do here.", toolCalls: [], errors: [] });
  });

  it("keeps text before and after calls", () => {
    const r = parse(`I will edit it.\n\n${wrap("edit_file", p("path", "a"))}\nDone.`);
    expect(r.content).toBe("I will edit it.\n\n\nDone.");
    expect(r.toolCalls).toHaveLength(1);
  });

  it("keeps multi-line, unicode and markup-like string values verbatim but for one wrapping newline each side", () => {
    const value = '  two  spaces\n"quoted" <b>{x}</b> Zürich 😀\n';
    const r = parse(wrap("edit_file", p("path", value)));
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ path: value });
  });

  it("accepts Python spellings of typed values from older templates", () => {
    const r = parse(wrap("edit_file", p("path", "a") + p("dry", "True") + p("note", "None")));
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ path: "a", dry: true, note: null });
  });

  it("keeps a value that names an Object property where a keyword would be a string", () => {
    const r = parse(wrap("edit_file", p("path", "a") + p("tags", "[constructor]") + p("note", "{toString: 1}")));
    expect(r.errors).toEqual([]);
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ path: "a", tags: "[constructor]", note: "{toString: 1}" });
  });

  it("keeps a string that looks like another type a string when the schema says string", () => {
    const r = parse(wrap("edit_file", p("path", "true") + p("zip", "123") + p("note", "text")));
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ path: "true", zip: "123", note: "text" });
  });

  it("ends a value at </function> when the model forgets </parameter>", () => {
    const r = parse("<tool_call>\n<function=edit_file>\n<parameter=path>\na.py\n</function>\n</tool_call>");
    expect(r.errors).toEqual([]);
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ path: "a.py" });
  });

  it("reads a bare <function=…> block without the <tool_call> wrapper", () => {
    const r = parse(`<function=edit_file>\n${p("path", "a")}</function>`);
    expect(r.toolCalls.map((c) => c.function.name)).toEqual(["edit_file"]);
  });

  it("withdraws a truncated call and keeps its text as content", () => {
    const text = "<tool_call>\n<function=edit_file>\n<parameter=path>\nsrc/";
    expect(parse(text)).toMatchObject({ content: text, toolCalls: [], errors: [{ code: "truncated_call", offset: 0 }] });
  });

  it("withdraws a malformed call up to its </tool_call> and reads the next one", () => {
    const bad = "<tool_call>\n<function=edit_file>\n<param=path>\na\n</param>\n</function>\n</tool_call>";
    const r = parse(`${bad}\n${wrap("list-dir.v2", "")}`);
    expect(r.content).toBe(bad);
    expect(r.errors).toMatchObject([{ code: "malformed_call" }]);
    expect(r.toolCalls.map((c) => c.function.name)).toEqual(["list-dir.v2"]);
  });

  it("reports an undeclared function", () => {
    expect(parse(wrap("rm_rf", "")).errors).toMatchObject([{ code: "unknown_tool" }]);
  });

  it("separates reasoning that the prompt opened, including a call written inside it", () => {
    const r = parse(`Maybe ${wrap("list-dir.v2", "")} first.\n</think>\n\n${wrap("list-dir.v2", "")}`, "started");
    expect(r.reasoning).toBe(`Maybe ${wrap("list-dir.v2", "")} first.`);
    expect(r.toolCalls).toHaveLength(1);
  });

  it("streams a string value as JSON-escaped fragments, holding back the newline before </parameter>", () => {
    const s = createToolCallStream({ format: "qwen3_coder", tools, idGenerator: sequentialIds, reasoning: false });
    const out = [...s.push("<tool_call>\n<function=edit_file>\n<parameter=path>\nline1\n"), ...s.push('"2"\n'), ...s.push("</parameter>\n</function>\n</tool_call>"), ...s.end()];
    const deltas = out.filter((e) => e.type === "tool_call_delta").map((e) => (e as { arguments: string }).arguments);
    expect(deltas).toEqual(['{"path": "line1', '\\n\\"2\\"', '"}']);
  });

  it("renders values the way the template does", () => {
    expect(renderToolCall("qwen3_coder", { name: "edit_file", arguments: { path: "a b", line: 3, tags: ["x"] } })).toBe(
      "<tool_call>\n<function=edit_file>\n<parameter=path>\na b\n</parameter>\n<parameter=line>\n3\n</parameter>\n<parameter=tags>\n[\"x\"]\n</parameter>\n</function>\n</tool_call>",
    );
  });
});

describeAgreement("qwen3_coder", {
  exactArguments: false,
  textBefore: true,
  compose: (content, calls) => (content ? `${content}\n\n${calls}` : calls),
  fuzzPieces: ["<tool_call>", "</tool_call>", "<function=", "<function=f>", "</function>", "<parameter=", "<parameter=a>", "</parameter>", "<think>", "</think>", "\n"],
});

describeParameterNames("qwen3_coder", { refused: ["k y", "", " k", "a<b", "a>b", "a\nb", "a\tb", "</parameter>"], written: ["user-id", "a.b", "$x", "城市", "a\"b", "a=b", "a/b", "x y"] });
