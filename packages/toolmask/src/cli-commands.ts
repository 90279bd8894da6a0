// The `toolmask` command line, apart from Node: commands take their input, files and output
// through `CliIo`, so they are tested without spawning processes.
import {
  buildToolGrammar,
  collectStream,
  createToolCallStream,
  detectFormat,
  listFormats,
  toOpenAIDelta,
  type ParseResult,
  type ReasoningMode,
  type ToolCallStreamEvent,
  type ToolChoice,
  type ToolDefinition,
} from "@toolmask/formats";
import { printEbnf, printGbnf, printLark, ToolmaskError } from "@toolmask/grammar";

export interface CliIo {
  /** Standard input, as text chunks in arrival order. */
  readonly stdin: AsyncIterable<string>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
}

export const USAGE = `usage:
  toolmask parse --format F [--tools tools.json] [--reasoning true|false|started|detect] [--stream]
      model text on stdin; prints the OpenAI choice (or, with --stream, one chunk per line)
  toolmask grammar --format F [--tools tools.json] [--tool-choice auto|required|none|NAME|JSON]
      [--parallel-tool-calls true|false] [--reasoning true|false|started] [--variant V]
      [--tokenizer tokenizer.json] [--syntax ebnf|gbnf|lark]
      prints the grammar the engine masks with; --tokenizer gives the vocabulary's special tokens
      (GBNF names those not spelled <...> by id)
  toolmask formats [--json]      the formats, their aliases and model families
  toolmask detect MODEL_ID       the format a model id most likely uses
`;

/** Runs one command; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const args = parseFlags(rest);
    switch (command) {
      case "parse":
        return await parseCommand(args, io);
      case "grammar":
        return grammarCommand(args, io);
      case "formats":
        return formatsCommand(args, io);
      case "detect":
        return detectCommand(args, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`toolmask: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof ToolmaskError) {
      io.stderr(`toolmask: ${e.message} [${e.code}]\n`);
      return 1;
    }
    throw e;
  }
}

class UsageError extends Error {}

interface Flags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
  readonly positional: readonly string[];
}

const SWITCHES = new Set(["stream", "json"]);

function parseFlags(args: readonly string[]): Flags {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (SWITCHES.has(name)) {
      switches.add(name);
      continue;
    }
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { values, switches, positional };
}

function required(flags: Flags, name: string): string {
  const v = flags.values.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

function readJson(io: CliIo, path: string, what: string): unknown {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A tools file: an array of tools, or an object with `tools` (a request body). */
function readTools(io: CliIo, flags: Flags): ToolDefinition[] | undefined {
  const path = flags.values.get("tools");
  if (path === undefined) return undefined;
  const json = readJson(io, path, "tools file");
  const tools = Array.isArray(json) ? json : (json as { tools?: unknown })?.tools;
  if (!Array.isArray(tools)) throw new UsageError(`tools file ${path} holds neither an array of tools nor an object with "tools"`);
  return tools as ToolDefinition[];
}

function reasoningFlag(flags: Flags): ReasoningMode | undefined {
  const v = flags.values.get("reasoning");
  if (v === undefined) return undefined;
  if (v === "true" || v === "false") return v === "true";
  if (v === "started" || v === "detect") return v;
  throw new UsageError(`--reasoning must be true, false, started or detect, not "${v}"`);
}

async function parseCommand(flags: Flags, io: CliIo): Promise<number> {
  const format = required(flags, "format");
  const tools = readTools(io, flags);
  const reasoning = reasoningFlag(flags);
  const stream = createToolCallStream({ format, ...(tools ? { tools } : {}), ...(reasoning !== undefined ? { reasoning } : {}) });
  const all: ToolCallStreamEvent[] = [];
  const emit = (events: ToolCallStreamEvent[]): void => {
    all.push(...events);
    if (!flags.switches.has("stream")) return;
    // A call's end has no chunk of its own in OpenAI's stream; a withdrawn call rides along as `toolmask`.
    for (const e of events) if (e.type !== "tool_call_end") io.stdout(`${JSON.stringify(chunk(e))}\n`);
  };
  for await (const text of io.stdin) emit(stream.push(text));
  emit(stream.end());
  const result = collectStream(all);
  if (flags.switches.has("stream")) {
    io.stdout(`${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: finishReason(result) }] })}\n`);
  } else {
    io.stdout(`${JSON.stringify(choice(result), null, 2)}\n`);
  }
  return 0;
}

function finishReason(r: ParseResult): "tool_calls" | "stop" {
  return r.toolCalls.length > 0 ? "tool_calls" : "stop";
}

function choice(r: ParseResult): unknown {
  return {
    index: 0,
    message: {
      role: "assistant",
      content: r.content,
      ...(r.reasoning !== undefined ? { reasoning_content: r.reasoning } : {}),
      ...(r.toolCalls.length > 0 ? { tool_calls: r.toolCalls } : {}),
    },
    finish_reason: finishReason(r),
    ...(r.errors.length > 0 ? { toolmask_errors: r.errors } : {}),
  };
}

/** One stream event as an OpenAI chunk; events OpenAI has no shape for ride along as `toolmask`. */
function chunk(e: ToolCallStreamEvent): unknown {
  const delta = toOpenAIDelta(e);
  return { object: "chat.completion.chunk", choices: [{ index: 0, delta: delta ?? {}, finish_reason: null }], ...(delta === null ? { toolmask: e } : {}) };
}

function toolChoiceFlag(flags: Flags): ToolChoice | undefined {
  const v = flags.values.get("tool-choice");
  if (v === undefined) return undefined;
  if (v === "auto" || v === "required" || v === "none") return v;
  if (v.trim().startsWith("{")) {
    try {
      return JSON.parse(v) as ToolChoice;
    } catch {
      throw new UsageError(`--tool-choice is not JSON: ${v}`);
    }
  }
  return { type: "function", function: { name: v } };
}

function grammarCommand(flags: Flags, io: CliIo): number {
  const format = required(flags, "format");
  const tools = readTools(io, flags);
  const toolChoice = toolChoiceFlag(flags);
  const reasoning = reasoningFlag(flags);
  const parallel = flags.values.get("parallel-tool-calls");
  if (parallel !== undefined && parallel !== "true" && parallel !== "false") throw new UsageError(`--parallel-tool-calls must be true or false`);
  const syntax = flags.values.get("syntax") ?? "ebnf";
  if (syntax !== "ebnf" && syntax !== "gbnf" && syntax !== "lark") throw new UsageError(`--syntax must be ebnf, gbnf or lark, not "${syntax}"`);
  const tokenizerPath = flags.values.get("tokenizer");
  const added = tokenizerPath === undefined ? undefined : addedTokens(readJson(io, tokenizerPath, "tokenizer"));
  const variant = flags.values.get("variant");
  const g = buildToolGrammar({
    format,
    ...(tools ? { tools } : {}),
    ...(toolChoice !== undefined ? { toolChoice } : {}),
    ...(parallel !== undefined ? { parallelToolCalls: parallel === "true" } : {}),
    ...(reasoning !== undefined ? { reasoning } : {}),
    ...(added ? { specialTokens: added.keys() } : {}),
    ...(variant !== undefined ? { variant } : {}),
  });
  const text = syntax === "ebnf" ? printEbnf(g) : syntax === "lark" ? printLark(g) : printGbnf(g, added ? { tokenIds: added } : {});
  io.stdout(text.endsWith("\n") ? text : `${text}\n`);
  return 0;
}

/** The added tokens of a Hugging Face tokenizer.json, by text. */
function addedTokens(json: unknown): Map<string, number> {
  const list = (json as { added_tokens?: unknown })?.added_tokens;
  if (!Array.isArray(list)) throw new UsageError("the tokenizer file has no added_tokens list (is it a Hugging Face tokenizer.json?)");
  const out = new Map<string, number>();
  for (const t of list as { id?: unknown; content?: unknown }[]) if (typeof t?.content === "string" && typeof t.id === "number") out.set(t.content, t.id);
  return out;
}

function formatsCommand(flags: Flags, io: CliIo): number {
  const formats = listFormats();
  if (flags.switches.has("json")) {
    io.stdout(`${JSON.stringify(formats, null, 2)}\n`);
    return 0;
  }
  const rows = formats.map((f) => [f.name, f.aliases.join(", ") || "-", f.models.join(", ")]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length), i === 0 ? 6 : 7));
  const line = (r: readonly string[]): string => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`.trimEnd();
  io.stdout(`${[line(["format", "aliases", "models"]), ...rows.map(line)].join("\n")}\n`);
  return 0;
}

function detectCommand(flags: Flags, io: CliIo): number {
  const id = flags.positional[0];
  if (id === undefined) throw new UsageError("detect needs a model id");
  const name = detectFormat(id);
  if (name === undefined) {
    io.stderr(`toolmask: no known format for "${id}"\n`);
    return 1;
  }
  io.stdout(`${name}\n`);
  return 0;
}
