import AjvDraft7Module from "ajv";
import Ajv2019Module from "ajv/dist/2019.js";
import Ajv2020Module from "ajv/dist/2020.js";
import draft6MetaSchema from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import AjvDraft4Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import type { Ajv as AjvCore, AnySchema, Options, ValidateFunction } from "ajv";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import { decimalOf, isMultipleOf } from "./decimal.js";
import { InvalidSchemaError } from "./errors.js";
import type { Draft } from "./options.js";

type AjvClass = new (opts?: Options) => AjvCore;

// These packages are CommonJS; depending on the loader the class is the module or its default.
const classOf = (m: unknown): AjvClass => ((m as { default?: AjvClass }).default ?? m) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvCore, opts?: { mode: "full" | "fast" }) => AjvCore;

/**
 * Patterns compile with the `u` flag like ajv's default, falling back to no flag for patterns
 * that are only valid without it (the compiler reads them the same way).
 */
const regExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    try {
      return new RegExp(pattern, flags);
    } catch {
      return new RegExp(pattern, flags.replace("u", ""));
    }
  },
  { code: "toolmask-regexp" },
);

const instances = new Map<Draft, AjvCore>();

/**
 * The ajv instance for a draft: every error reported, formats checked in full mode, unknown
 * keywords and formats ignored (as annotations), and `multipleOf` decided in exact decimal
 * arithmetic (ajv divides doubles, so 0.29 would not be a multiple of 0.01).
 */
export function ajvFor(draft: Draft): AjvCore {
  let ajv = instances.get(draft);
  if (!ajv) {
    ajv = newAjv(draft);
    instances.set(draft, ajv);
  }
  return ajv;
}

/**
 * A validator for `schema`. ajv registers every schema it compiles under its `$id`, so a second
 * schema with an `$id` already taken (two tools sharing one) is compiled in an instance of its own.
 */
export function compileValidator(schema: AnySchema, draft: Draft): ValidateFunction {
  try {
    try {
      return ajvFor(draft).compile(schema);
    } catch (e) {
      if (!/already exists/.test((e as Error).message)) throw e;
      return newAjv(draft).compile(schema);
    }
  } catch (e) {
    throw new InvalidSchemaError("#", `ajv cannot compile this schema: ${(e as Error).message}`);
  }
}

function newAjv(draft: Draft): AjvCore {
  let ajv: AjvCore;
  const opts: Options = { strict: false, allErrors: true, logger: false, validateFormats: true, code: { regExp } };
  switch (draft) {
    case "draft-04":
      ajv = new (classOf(AjvDraft4Module))(opts);
      break;
    case "draft-06":
      ajv = new (classOf(AjvDraft7Module))({ ...opts, defaultMeta: "http://json-schema.org/draft-06/schema#" });
      ajv.addMetaSchema(draft6MetaSchema);
      break;
    case "draft-07":
      ajv = new (classOf(AjvDraft7Module))(opts);
      break;
    case "2019-09":
      ajv = new (classOf(Ajv2019Module))(opts);
      break;
    case "2020-12":
      ajv = new (classOf(Ajv2020Module))(opts);
      break;
  }
  addFormats(ajv, { mode: "full" });
  // ajv refuses draft-04's "id" in later drafts, where it is just an unknown (ignored) keyword.
  if (draft !== "draft-04") ajv.removeKeyword("id");
  ajv.removeKeyword("multipleOf");
  ajv.addKeyword({
    keyword: "multipleOf",
    type: "number",
    schemaType: "number",
    errors: false,
    validate: (step: number, data: number) => step > 0 && Number.isFinite(data) && isMultipleOf(decimalOf(data), decimalOf(step)),
  });
  return ajv;
}
