import { InvalidSchemaError, UnsupportedSchemaError, pointerJoin, type SchemaPointer } from "./errors.js";
import type { Draft } from "./options.js";

/** A subschema in its document: the raw JSON, where it is, and the base URI its `$ref`s resolve against. */
export interface SchemaNode {
  readonly node: unknown;
  readonly pointer: SchemaPointer;
  readonly base: string;
}

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = ["additionalItems", "additionalProperties", "contains", "if", "then", "else", "not", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"];
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"];

const DEFAULT_BASE = "https://toolmask.invalid/schema.json";

const DRAFT_URIS: [RegExp, Draft][] = [
  [/draft-04\/schema/, "draft-04"],
  [/draft-06\/schema/, "draft-06"],
  [/draft-07\/schema/, "draft-07"],
  [/draft\/2019-09\/schema/, "2019-09"],
  [/draft\/2020-12\/schema/, "2020-12"],
];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** How a keyword holds subschemas: one, an array of them, a map of names to them, or `items` (either). */
const enum Holds {
  One,
  Array,
  Map,
  Items,
}

const SUBSCHEMA_KEYWORDS = new Map<string, Holds>([
  ...SCHEMA_KEYWORDS.map((k) => [k, Holds.One] as const),
  ...SCHEMA_ARRAY_KEYWORDS.map((k) => [k, Holds.Array] as const),
  ...SCHEMA_MAP_KEYWORDS.map((k) => [k, Holds.Map] as const),
  ["items", Holds.Items],
]);

/**
 * Calls `visit` for every direct subschema of `node` with its pointer tokens, in the order of
 * the node's keys (a schema object has a handful of keys; looking each up is cheaper than
 * asking the object for every keyword that may hold a subschema).
 */
export function forEachSubschema(node: unknown, visit: (child: unknown, ...tokens: (string | number)[]) => void): void {
  if (!isObject(node)) return;
  for (const k of Object.keys(node)) {
    const holds = SUBSCHEMA_KEYWORDS.get(k);
    if (holds === undefined) continue;
    const v = node[k];
    switch (holds) {
      case Holds.One:
        visit(v, k);
        break;
      case Holds.Array:
        if (Array.isArray(v)) v.forEach((c, i) => visit(c, k, i));
        break;
      case Holds.Map:
        if (isObject(v)) for (const [name, c] of Object.entries(v)) if (k !== "dependencies" || !Array.isArray(c)) visit(c, k, name);
        break;
      case Holds.Items:
        if (Array.isArray(v)) v.forEach((c, i) => visit(c, "items", i));
        else if (v !== undefined) visit(v, "items");
        break;
    }
  }
}

/**
 * The draft a schema is written for: its `$schema`, else `fallback`, else a guess from the
 * keywords it uses (draft-04 for boolean `exclusiveMinimum` or a root `id`, draft-07 for array
 * `items`, `additionalItems` or `dependencies`, 2019-09 for `$recursiveRef` or
 * `$recursiveAnchor` without a keyword only 2020-12 has, else 2020-12). The 2019-09 guess keeps
 * `$recursiveRef` a keyword (refused as unsupported) rather than an unknown word 2020-12 ignores.
 */
export function detectDraft(root: unknown, fallback: Draft | undefined): Draft {
  if (isObject(root) && typeof root["$schema"] === "string") {
    const uri = root["$schema"];
    for (const [re, draft] of DRAFT_URIS) if (re.test(uri)) return draft;
    if (/draft-0[0-3]\/schema/.test(uri)) throw new UnsupportedSchemaError("#/$schema", "$schema", `${uri} is older than draft-04, which toolmask does not support`);
  }
  if (fallback) return fallback;
  let draft4 = isObject(root) && typeof root["id"] === "string" && !("$id" in root);
  let draft7 = false;
  let draft2020 = false;
  let draft2019 = false;
  let only2020 = false;
  const seen = new Set<unknown>();
  const walk = (n: unknown): void => {
    if (!isObject(n) || seen.has(n)) return;
    seen.add(n);
    for (const k of Object.keys(n)) {
      switch (k) {
        case "exclusiveMinimum":
        case "exclusiveMaximum":
          if (typeof n[k] === "boolean") draft4 = true;
          break;
        case "items":
          if (Array.isArray(n[k])) draft7 = true;
          break;
        case "additionalItems":
        case "dependencies":
          draft7 = true;
          break;
        case "prefixItems":
          draft2020 = only2020 = true;
          break;
        case "$defs":
        case "dependentRequired":
        case "dependentSchemas":
        case "$anchor":
          draft2020 = true;
          break;
        case "$recursiveRef":
        case "$recursiveAnchor":
          draft2019 = true;
          break;
        case "$dynamicRef":
        case "$dynamicAnchor":
          only2020 = true;
          break;
      }
    }
    forEachSubschema(n, walk);
  };
  walk(root);
  if (draft4) return "draft-04";
  if (draft2019 && !only2020) return "2019-09";
  if (draft7 || !draft2020) return draft7 ? "draft-07" : "2020-12";
  return "2020-12";
}

/**
 * A schema document: resolves `$ref`s against `$id`s (and `id` in draft-04), `$anchor`s and
 * JSON pointers. Only references into the document itself resolve; anything else is an
 * {@link UnsupportedSchemaError} (toolmask does not fetch schemas).
 */
export class SchemaDocument {
  private readonly resources = new Map<string, SchemaNode>();
  private readonly anchors = new Map<string, SchemaNode>();
  private readonly bases = new Map<object, string>();
  readonly root: SchemaNode;
  /** True if some subschema below the root declares its own `$id`, so bases differ between subschemas. */
  readonly nestedIds: boolean;

  constructor(
    readonly schema: unknown,
    readonly draft: Draft,
  ) {
    const idKey = draft === "draft-04" ? "id" : "$id";
    let nested = false;
    // Most schemas declare no identifiers at all: then every base is the default one and no
    // index is needed (checking the serialized text is much cheaper than walking the schema).
    const text = JSON.stringify(schema) ?? "";
    if (!text.includes(`"${idKey}"`) && !text.includes('"$anchor"') && !text.includes('"$dynamicAnchor"')) {
      this.root = { node: schema, pointer: "#", base: DEFAULT_BASE };
      this.resources.set(DEFAULT_BASE, this.root);
      this.nestedIds = false;
      return;
    }
    const index = (n: unknown, pointer: SchemaPointer, base: string, isRoot: boolean): void => {
      if (!isObject(n)) return;
      if (this.bases.has(n)) return;
      let here = base;
      const id = n[idKey];
      if (typeof id === "string") {
        if (id.startsWith("#") && draft !== "2019-09" && draft !== "2020-12") {
          this.anchors.set(`${stripFragment(base)}#${id.slice(1)}`, { node: n, pointer, base });
        } else {
          here = resolveUri(base, id);
          if (!isRoot) nested = true;
          const { uri, fragment } = splitFragment(here);
          if (fragment === "") this.resources.set(uri, { node: n, pointer, base: uri });
          here = uri;
        }
      }
      for (const key of ["$anchor", "$dynamicAnchor"]) {
        const a = n[key];
        if (typeof a === "string") this.anchors.set(`${here}#${a}`, { node: n, pointer, base: here });
      }
      this.bases.set(n, here);
      forEachSubschema(n, (child, ...tokens) => index(child, pointerJoin(pointer, ...tokens), here, false));
    };
    index(schema, "#", DEFAULT_BASE, true);
    this.nestedIds = nested;
    const rootBase = isObject(schema) ? this.bases.get(schema)! : DEFAULT_BASE;
    this.root = { node: schema, pointer: "#", base: rootBase };
    if (!this.resources.has(rootBase)) this.resources.set(rootBase, this.root);
    if (!this.resources.has(DEFAULT_BASE)) this.resources.set(DEFAULT_BASE, this.root);
  }

  /** The base URI in effect inside `node` (which declares it with `$id`), given its parent's base. */
  baseOf(node: unknown, parentBase: string): string {
    return isObject(node) ? (this.bases.get(node) ?? parentBase) : parentBase;
  }

  /** The subschema a `$ref` found at `from` points to. */
  resolve(ref: string, from: SchemaNode, keyword = "$ref"): SchemaNode {
    const at = pointerJoin(from.pointer, keyword);
    const { uri, fragment } = splitFragment(resolveUri(from.base, ref));
    const resource = this.resources.get(uri);
    if (!resource) throw new UnsupportedSchemaError(at, keyword, `${JSON.stringify(ref)} refers outside this schema; only local references resolve`);
    if (fragment === "") return resource;
    if (!fragment.startsWith("/")) {
      const anchor = this.anchors.get(`${uri}#${fragment}`);
      if (!anchor) throw new InvalidSchemaError(at, `${JSON.stringify(ref)} names an anchor that does not exist`);
      return anchor;
    }
    let node: unknown = resource.node;
    let pointer = resource.pointer;
    let base = resource.base;
    for (const raw of fragment.slice(1).split("/")) {
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < node.length) node = node[Number(token)];
      else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) node = node[token];
      else throw new InvalidSchemaError(at, `${JSON.stringify(ref)} points to nothing (no "${token}")`);
      pointer = pointerJoin(pointer, token);
      base = this.baseOf(node, base);
    }
    return { node, pointer, base };
  }
}

function stripFragment(uri: string): string {
  const i = uri.indexOf("#");
  return i < 0 ? uri : uri.slice(0, i);
}

function splitFragment(uri: string): { uri: string; fragment: string } {
  const i = uri.indexOf("#");
  return i < 0 ? { uri, fragment: "" } : { uri: uri.slice(0, i), fragment: uri.slice(i + 1) };
}

const URI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

/** RFC 3986 section 5.2 reference resolution. */
export function resolveUri(base: string, ref: string): string {
  const r = URI_PARTS.exec(ref)!;
  const b = URI_PARTS.exec(base)!;
  let scheme: string | undefined, authority: string | undefined, path: string, query: string | undefined;
  if (r[1] !== undefined) {
    [scheme, authority, path, query] = [r[1], r[2], removeDots(r[3]!), r[4]];
  } else {
    scheme = b[1];
    if (r[2] !== undefined) {
      [authority, path, query] = [r[2], removeDots(r[3]!), r[4]];
    } else {
      authority = b[2];
      if (r[3] === "") {
        path = b[3]!;
        query = r[4] ?? b[4];
      } else {
        if (r[3]!.startsWith("/")) path = removeDots(r[3]!);
        else {
          const bp = b[3]!;
          const merged = b[2] !== undefined && bp === "" ? "/" + r[3] : bp.slice(0, bp.lastIndexOf("/") + 1) + r[3];
          path = removeDots(merged);
        }
        query = r[4];
      }
    }
  }
  let out = "";
  if (scheme !== undefined) out += scheme + ":";
  if (authority !== undefined) out += "//" + authority;
  out += path;
  if (query !== undefined) out += "?" + query;
  if (r[5] !== undefined) out += "#" + r[5];
  return out;
}

function removeDots(path: string): string {
  const out: string[] = [];
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s === ".") {
      if (i === segments.length - 1) out.push("");
    } else if (s === "..") {
      if (out.length > 1) out.pop();
      if (i === segments.length - 1) out.push("");
    } else out.push(s);
  }
  return out.join("/");
}
