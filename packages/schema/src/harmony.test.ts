import { describe, expect, it } from "vitest";
import { renderHarmonyTools, type ToolDefinition } from "@toolmask/schema";

const tools: ToolDefinition[] = [
  { type: "function", function: { name: "get_location", description: "Gets the location of the user." } },
  {
    type: "function",
    function: {
      name: "get_current_weather",
      description: "Gets the current weather in the provided location.",
      parameters: {
        type: "object",
        properties: {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
          format: { type: "string", enum: ["celsius", "fahrenheit"], default: "celsius" },
        },
        required: ["location"],
      },
    },
  },
  {
    name: "get_multiple_weathers",
    description: "Gets the current weather in the provided list of locations.",
    parameters: {
      type: "object",
      properties: {
        locations: { type: "array", items: { type: "string" }, description: 'List of city and state, e.g. ["San Francisco, CA", "New York, NY"]' },
        format: { type: "string", enum: ["celsius", "fahrenheit"], default: "celsius" },
      },
      required: ["locations"],
    },
  },
];

describe("renderHarmonyTools", () => {
  it("renders the harmony format guide's example tools exactly as the guide shows them", () => {
    expect(renderHarmonyTools(tools)).toBe(
      [
        "# Tools",
        "",
        "## functions",
        "",
        "namespace functions {",
        "",
        "// Gets the location of the user.",
        "type get_location = () => any;",
        "",
        "// Gets the current weather in the provided location.",
        "type get_current_weather = (_: {",
        "// The city and state, e.g. San Francisco, CA",
        "location: string,",
        'format?: "celsius" | "fahrenheit", // default: celsius',
        "}) => any;",
        "",
        "// Gets the current weather in the provided list of locations.",
        "type get_multiple_weathers = (_: {",
        '// List of city and state, e.g. ["San Francisco, CA", "New York, NY"]',
        "locations: string[],",
        'format?: "celsius" | "fahrenheit", // default: celsius',
        "}) => any;",
        "",
        "} // namespace functions",
      ].join("\n"),
    );
  });

  it("writes nested objects, nullable and union types, tuples, maps and local references", () => {
    const out = renderHarmonyTools([
      {
        name: "book",
        parameters: {
          type: "object",
          $defs: { when: { type: "string", format: "date" } },
          properties: {
            guest: { type: "object", properties: { name: { type: "string" }, age: { type: ["integer", "null"] } }, required: ["name"] },
            date: { $ref: "#/$defs/when" },
            note: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
            point: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }] },
            tags: { type: "object", additionalProperties: { type: "boolean" } },
            "room-type": { const: "suite" },
          },
          required: ["guest", "date"],
        },
      },
    ]);
    expect(out).toContain("guest: {\n    name: string,\n    age?: number | null,\n    },");
    expect(out).toContain("date: string,");
    expect(out).toContain("note?: string | null, // default: null");
    expect(out).toContain("point?: [number, number],");
    expect(out).toContain("tags?: Record<string, boolean>,");
    expect(out).toContain('"room-type"?: "suite",');
  });

  it("lists object variants of a union one per line", () => {
    const out = renderHarmonyTools([{ name: "f", parameters: { type: "object", properties: { x: { oneOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "number" }] } } } }]);
    expect(out).toContain("x?:\n | {\n   a?: string,\n   }\n | number\n,\n}) => any;");
  });

  it("declares a function without parameters as taking none, in the namespace asked for", () => {
    expect(renderHarmonyTools([{ name: "now", parameters: { type: "object", properties: {} } }], { namespace: "clock", description: "Time tools." })).toBe(
      "# Tools\n\n## clock\n\n// Time tools.\nnamespace clock {\n\ntype now = () => any;\n\n} // namespace clock",
    );
  });
});
