// What the scripted model wants to write for a chat request in the interactive examples. A script,
// not a model: it reads the last message with simple rules, so a user can see how the mask treats
// a model that wants to chat, wants to call a tool, or answers a tool result.
import { renderToolCalls, type ToolDefinition } from "@toolmask/formats";

/** The request fields the script reads (an OpenAI chat request). */
export interface WishRequest {
  readonly messages: readonly { readonly role: string; readonly content?: unknown; readonly name?: string; readonly tool_call_id?: string }[];
  readonly tools?: readonly ToolDefinition[] | null;
  readonly tool_choice?: unknown;
}

interface FunctionInfo {
  readonly name: string;
  readonly description: string;
  readonly parameters: unknown;
}

function functions(tools: readonly ToolDefinition[] | null | undefined): FunctionInfo[] {
  return (tools ?? []).flatMap((t) => {
    const fn = (t as { function?: Record<string, unknown> }).function ?? (t as Record<string, unknown>);
    return typeof fn.name === "string" ? [{ name: fn.name, description: typeof fn.description === "string" ? fn.description : "", parameters: fn.parameters }] : [];
  });
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : "")).join("");
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

/** Words of a function name and description, for matching against the user's message. */
function keywords(fn: FunctionInfo): string[] {
  const words = `${fn.name.replace(/[_.-]/g, " ")} ${fn.description}`.toLowerCase().match(/[a-z]{4,}/g) ?? [];
  const generic = new Set(["current", "local", "city", "with", "from", "that", "this", "given", "returns", "get", "list", "call", "tool", "function"]);
  return words.filter((w) => !generic.has(w));
}

/**
 * Arguments for `schema` that a model might write for `userText`: enums and consts take their
 * first value, numbers their minimum (or 1), strings a capitalized word of the message (a place
 * name, say) or "example". They may break constraints the script does not read; the mask then
 * corrects them, which is the point of showing it.
 */
export function exampleArguments(schema: unknown, userText: string): unknown {
  const s = (schema && typeof schema === "object" ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ("const" in s) return s.const;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string": {
      // A capitalized word that does not start a sentence: likely a name ("Paris", "New York").
      const proper = userText.match(/(?<=[^.!?\s]\s+)[A-Z][\p{L}-]+(?:\s+[A-Z][\p{L}-]+)*/u)?.[0];
      return proper ?? "example";
    }
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "array": {
      const min = typeof s.minItems === "number" ? s.minItems : 0;
      return Array.from({ length: min }, () => exampleArguments(s.items, userText));
    }
    default: {
      const properties = (s.properties && typeof s.properties === "object" ? s.properties : {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, exampleArguments(v, userText)]));
    }
  }
}

/** A call as the script writes it, arguments from the schema and the message. */
function callFor(fn: FunctionInfo, userText: string): { name: string; arguments: string } {
  return { name: fn.name, arguments: JSON.stringify(exampleArguments(fn.parameters, userText)) };
}

/**
 * The scripted model's wishes for `request` in `format`, favourite first:
 * - after tool results: an answer quoting them;
 * - when the user's message names a tool (a word of its name or description): calls to those
 *   tools, then a chat reply;
 * - otherwise: a chat reply, then a call to each tool (the named one in `tool_choice` first).
 */
export function wishesFor(request: WishRequest, format: string): string[] {
  const messages = request.messages;
  const last = messages[messages.length - 1];
  const fns = functions(request.tools);
  const userText = contentText([...messages].reverse().find((m) => m.role === "user")?.content);
  if (last?.role === "tool") {
    const results: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]!.role === "tool"; i--) results.unshift(contentText(messages[i]!.content));
    return [`(scripted answer) The tool returned: ${results.join("; ")}.`];
  }
  const reply = `(scripted reply, not a language model) You wrote: "${userText.slice(0, 120)}".`;
  if (fns.length === 0) return [reply];
  const lower = userText.toLowerCase();
  const named = fns.filter((fn) => keywords(fn).some((w) => lower.includes(w)));
  const choice = request.tool_choice as { function?: { name?: string } } | undefined;
  const preferred = choice?.function?.name;
  const ordered = [...fns].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
  const oneCall = (fn: FunctionInfo): string => renderToolCalls(format, [callFor(fn, userText)]);
  if (named.length > 0) return [renderToolCalls(format, named.map((fn) => callFor(fn, userText))), reply, ...ordered.map(oneCall)];
  return [reply, ...ordered.map(oneCall)];
}
