import formatsModule from "ajv-formats/dist/formats.js";

type FormatSpec = true | RegExp | ((s: string) => boolean) | { validate?: RegExp | ((s: string) => boolean) | string; type?: string };

const FULL = (formatsModule as unknown as { fullFormats: Record<string, FormatSpec> }).fullFormats;

/**
 * True if ajv-formats (full mode, as `validateArguments` configures ajv) accepts `value` for
 * `format`; formats it does not know accept everything, as in ajv with unknown formats ignored.
 */
export function formatAccepts(format: string, value: unknown): boolean {
  const spec = FULL[format];
  if (spec === undefined || spec === true) return true;
  if (spec instanceof RegExp) return typeof value !== "string" || spec.test(value);
  if (typeof spec === "function") return typeof value !== "string" || spec(value);
  const type = spec.type ?? "string";
  if ((type === "string" && typeof value !== "string") || (type === "number" && typeof value !== "number")) return true;
  const v = spec.validate;
  if (v instanceof RegExp) return v.test(String(value));
  if (typeof v === "function") return (v as (x: unknown) => boolean)(value);
  return true;
}
