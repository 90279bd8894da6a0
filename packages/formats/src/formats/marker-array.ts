import { seq } from "@toolmask/grammar";
import type { FormatDefinition } from "../format.js";
import { jsonCallArrayExpr, jsonCallText } from "../grammar/json-call.js";
import { reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import { jsonCallArray } from "../parse/json-array.js";
import { argumentsText } from "../parse/json-call.js";

/** A format whose calls are one JSON array of call objects after an opening marker. */
export interface MarkerArraySpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly models: readonly string[];
  readonly detect?: FormatDefinition["detect"];
  /** The marker before the array; when it ends with `[`, that bracket is the array's. */
  readonly open: string;
  /** Further markers that open the array the same way (read, never generated). */
  readonly alsoOpen?: readonly string[];
  /** Null when the array is the end of the call block. */
  readonly close: string | null;
  readonly reasoning?: readonly [string, string];
  readonly specialTokens: readonly string[];
  /** What the template writes between the opening marker and the array. */
  readonly pad?: string;
}

/** Builds a JSON-array format (Jamba, Nemotron, Hunyuan, Granite, Phi-4-mini) from its markers. */
export function markerArrayFormat(spec: MarkerArraySpec): FormatDefinition {
  const openers = [spec.open, ...(spec.alsoOpen ?? [])];
  const bracketInOpener = spec.open.endsWith("[");
  const pad = spec.pad ?? "";
  function* parse(c: Cursor): Step<void> {
    if (spec.reasoning) yield* reasoningBlock(c, spec.reasoning[0], spec.reasoning[1]);
    for (;;) {
      const opened = yield* c.until(openers, (t) => c.out.text(t));
      if (opened === null) return;
      const start = c.pos - opened.length;
      // The opener's own `[` is the array's first character.
      if (opened.endsWith("[")) c.pos--;
      yield* jsonCallArray(c, start, spec.close);
    }
  }
  return {
    name: spec.name,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    models: spec.models,
    ...(spec.detect ? { detect: spec.detect } : {}),
    specialTokens: spec.specialTokens,
    reasoning: spec.reasoning !== undefined,
    ...(spec.reasoning ? { reasoningMarkers: spec.reasoning } : {}),
    grammar(ctx) {
      const open = bracketInOpener ? ctx.marker(spec.open.slice(0, -1)) : seq(ctx.marker(spec.open), ctx.ws);
      return ctx.shape({
        ...(spec.reasoning ? { reasoning: spec.reasoning } : {}),
        openers,
        calls: () => seq(open, jsonCallArrayExpr(ctx), ...(spec.close === null ? [] : [ctx.ws, ctx.marker(spec.close)])),
      });
    },
    render(calls) {
      const items = calls.map((c) => jsonCallText(c.name, argumentsText(c.arguments))).join(", ");
      const open = bracketInOpener ? spec.open.slice(0, -1) : spec.open + pad;
      return `${open}[${items}]${spec.close ?? ""}`;
    },
    parse,
  };
}

