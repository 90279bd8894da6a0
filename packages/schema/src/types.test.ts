// toolTypes is imported from its own module: it is the @toolmask/schema/types entry point (Node only).
import { describe, expect, it } from "vitest";
import { InvalidSchemaError } from "./errors.js";
import { toolTypes } from "./types.js";

describe("toolTypes (@toolmask/schema/types)", () => {
  it("declares an arguments interface per tool and typed handlers for all of them", async () => {
    const out = await toolTypes([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather.",
          parameters: { type: "object", properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } }, required: ["city"], additionalProperties: false },
        },
      },
      { name: "now" },
    ]);
    expect(out).toMatch(/export interface GetWeatherArguments \{\s+city: string;\s+unit\?: "c" \| "f";\s+\}/);
    expect(out).toContain("export interface NowArguments {}");
    expect(out).toContain('"get_weather": GetWeatherArguments;');
    expect(out).toContain("export type ToolHandlers");
  });

  it("keeps a definition shared by two tools once", async () => {
    const address = { title: "Address", type: "object", properties: { street: { type: "string" } } };
    const out = await toolTypes([
      { name: "ship", parameters: { type: "object", properties: { to: address } } },
      { name: "bill", parameters: { type: "object", properties: { to: address } } },
    ]);
    expect(out.match(/export interface Address\b/g)).toHaveLength(1);
  });

  it("does not modify the tool definitions it reads", async () => {
    const parameters = { type: "object", properties: { a: { type: "integer" } } };
    const before = JSON.stringify(parameters);
    await toolTypes([{ name: "a", parameters }]);
    expect(JSON.stringify(parameters)).toBe(before);
  });

  it("follows local $refs only: a file or URL ref is a typed error, never read or fetched", async () => {
    const local = { type: "object", properties: { at: { $ref: "#/$defs/point" } }, $defs: { point: { type: "object", properties: { x: { type: "number" } } } } };
    expect(await toolTypes([{ name: "place", parameters: local }])).toContain("x?: number");
    // This package's own package.json: were it read, its description would become a doc comment.
    const file = new URL("../package.json", import.meta.url).pathname;
    const leak = { type: "object", properties: { leak: { $ref: file } } };
    const error = await toolTypes([{ name: "leak", parameters: leak }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSchemaError);
    expect(String((error as Error).message)).toMatch(/tool "leak"/);
    await expect(toolTypes([{ name: "web", parameters: { properties: { a: { $ref: "http://127.0.0.1:9/schema.json" } } } }])).rejects.toBeInstanceOf(InvalidSchemaError);
    // A schema json-schema-to-typescript cannot type at all: typed as well.
    await expect(toolTypes([{ name: "self", parameters: { $ref: "#" } }])).rejects.toBeInstanceOf(InvalidSchemaError);
  });
});
