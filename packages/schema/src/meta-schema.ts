import type { ErrorObject } from "ajv";
import { InvalidSchemaError } from "./errors.js";
import validateDraft201909 from "./meta/2019-09.generated.js";
import validateDraft202012 from "./meta/2020-12.generated.js";
import validateDraft04 from "./meta/draft-04.generated.js";
import validateDraft06 from "./meta/draft-06.generated.js";
import validateDraft07 from "./meta/draft-07.generated.js";
import type { Draft } from "./options.js";

/** An ajv validator as its standalone code exports it: true or false, the errors on `.errors`. */
type MetaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Each draft's meta-schema validator: ajv's code for it, generated at build time
 * (scripts/generate-meta-validators.mjs) with the options ajv would compile it with here, so no
 * compile pays for building an ajv instance and compiling a meta-schema.
 */
const META_VALIDATORS: Record<Draft, MetaValidator> = {
  "draft-04": validateDraft04 as MetaValidator,
  "draft-06": validateDraft06 as MetaValidator,
  "draft-07": validateDraft07 as MetaValidator,
  "2019-09": validateDraft201909 as MetaValidator,
  "2020-12": validateDraft202012 as MetaValidator,
};

/**
 * ajv's errors for `schema` (an object) against `draft`'s meta-schema, every one in ajv's order,
 * or null if it is valid.
 */
export function metaSchemaErrors(schema: Record<string, unknown>, draft: Draft): ErrorObject[] | null {
  const validate = META_VALIDATORS[draft];
  return validate(schema) ? null : (validate.errors ?? []);
}

/** Throws {@link InvalidSchemaError} if `schema` is not valid against `draft`'s meta-schema. */
export function checkMetaSchema(schema: unknown, draft: Draft): void {
  if (typeof schema === "boolean") return;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new InvalidSchemaError("#", "a schema must be an object or a boolean");
  // Validate against the draft's own meta-schema whatever URI $schema names.
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  const errors = metaSchemaErrors(rest, draft);
  if (!errors) return;
  const err = errors[0];
  const pointer = `#${err?.instancePath ?? ""}`;
  const detail = err ? `${err.message ?? "is invalid"}${err.params && Object.keys(err.params).length > 0 ? ` (${JSON.stringify(err.params)})` : ""}` : "is invalid";
  throw new InvalidSchemaError(pointer, `does not match the ${draft} meta-schema: ${detail}`);
}
