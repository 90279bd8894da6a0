import { seq, type Expr } from "@toolmask/grammar";
import type { FormatDefinition } from "../format.js";
import { anyTool } from "../grammar/context.js";
import { jsonCallExpr, jsonCallText } from "../grammar/json-call.js";
import { attempt, reasoningBlock, type Cursor, type Step } from "../parse/cursor.js";
import type { CallBuilder } from "../parse/emitter.js";
import { jsonCallArray } from "../parse/json-array.js";
import { argumentsText, jsonCallObject, NAME_AND_ARGUMENTS } from "../parse/json-call.js";

/** A format whose every call is one JSON call object between an opening and a closing marker. */
export interface TaggedJsonSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly models: readonly string[];
  readonly detect?: FormatDefinition["detect"];
  readonly open: string;
  /** Markers free text may not contain (default: the opening marker). */
  readonly exclude?: readonly string[];
  /** Null when a call ends with its JSON object. */
  readonly close: string | null;
  /** Reasoning block markers, for families that reason. */
  readonly reasoning?: readonly [string, string];
  /** Markers that are single special tokens in the family's vocabulary. */
  readonly specialTokens: readonly string[];
  /** Key of the arguments member in generated and rendered calls. Default "arguments". */
  readonly argsKey?: string;
  /** What the template writes between the opening marker and the JSON (and before the closing one). */
  readonly pad?: string;
  /** Separator between rendered calls. */
  readonly join: string;
  /** Markup the models wrap content in (ERNIE's `<response>`), dropped from content. */
  readonly contentMarkup?: readonly string[];
  readonly parallel?: boolean;
}

/** Builds a tagged-JSON format (Hermes, ERNIE, InternLM, Granite-20B-FC) from its markers. */
export function taggedJsonFormat(spec: TaggedJsonSpec): FormatDefinition {
  const argsKey = spec.argsKey ?? "arguments";
  const pad = spec.pad ?? "";
  const markup = spec.contentMarkup ?? [];
  function* parse(c: Cursor): Step<void> {
    if (spec.reasoning) yield* reasoningBlock(c, spec.reasoning[0], spec.reasoning[1]);
    for (;;) {
      const opened = yield* c.until([spec.open, ...markup], (t) => c.out.text(t));
      if (opened === null) return;
      if (opened !== spec.open) continue;
      const start = c.pos - spec.open.length;
      yield* c.skipSpace();
      // SmolLM2 writes one array of calls inside the markers.
      if ((yield* c.peek()) === "[") {
        yield* jsonCallArray(c, start, spec.close);
        continue;
      }
      const call = c.out.call(start);
      yield* attempt(c, call, body(c, call), spec.close === null ? [] : [spec.close], spec.close === null ? [spec.open] : []);
    }
  }
  function* body(c: Cursor, call: CallBuilder): Step<void> {
    yield* jsonCallObject(c, call, NAME_AND_ARGUMENTS);
    if (spec.close !== null) {
      yield* c.skipSpace();
      yield* c.expect(spec.close);
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
    ...(spec.parallel === false ? { parallel: false } : {}),
    grammar(ctx) {
      const one = (tool: Parameters<typeof jsonCallExpr>[1]): Expr =>
        seq(ctx.marker(spec.open), ctx.ws, jsonCallExpr(ctx, tool, argsKey), ...(spec.close === null ? [] : [ctx.ws, ctx.marker(spec.close)]));
      return ctx.shape({
        ...(spec.reasoning ? { reasoning: spec.reasoning } : {}),
        openers: spec.exclude ?? [spec.open],
        calls: () => ctx.repeatCalls(anyTool(ctx, one), ctx.ws),
      });
    },
    render(calls) {
      return calls.map((c) => `${spec.open}${pad}${jsonCallText(c.name, argumentsText(c.arguments), argsKey)}${spec.close === null ? "" : `${pad}${spec.close}`}`).join(spec.join);
    },
    parse,
  };
}
