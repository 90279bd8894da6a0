// OpenAI messages → the message dictionaries Hugging Face chat templates read. Requests arrive in
// the shapes different OpenAI-compatible servers accept; templates disagree on what they expect
// (Qwen3 reads `content` as a string and `arguments` as a string or an object, DeepSeek-V3 tests
// `content is none` and concatenates `arguments` as a string), so the conversion asks the template.
import { ToolRequestError } from "./errors.js";
import type { ChatMessage } from "./openai-types.js";

/** A message as chat templates read it. */
export interface TemplateMessage {
  role: string;
  content: string | null;
  name?: string;
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string | Record<string, unknown> } }[];
  tool_call_id?: string;
  reasoning_content?: string;
}

/** A call of an earlier assistant turn, arguments as the JSON text the model wrote. */
export interface HistoryCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** A validated message: text content, and for assistants their calls. */
export interface NormalizedMessage {
  readonly role: "system" | "user" | "assistant" | "tool";
  readonly content: string | null;
  readonly name?: string;
  readonly calls: readonly HistoryCall[];
  readonly toolCallId?: string;
  readonly reasoning?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Text of `content` given as a string or as text parts (other part kinds are refused). */
function textOf(content: unknown, path: string): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part, i) => {
        if (isObject(part) && part.type === "text" && typeof part.text === "string") return part.text;
        throw new ToolRequestError("invalid_message", `${path}[${i}]`, "only text parts are supported (images and audio need a vision or audio model path, not a tool request)");
      })
      .join("\n");
  }
  throw new ToolRequestError("invalid_message", path, `expected a string or an array of text parts, got ${content === null ? "null" : typeof content}`);
}

/** A tool result as text: strings as they are, text parts joined, any other JSON value serialized. */
function toolResultText(content: unknown, path: string): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content) && content.every((p) => isObject(p) && p.type === "text" && typeof p.text === "string")) {
    return content.map((p) => (p as { text: string }).text).join("\n");
  }
  if (content === undefined) throw new ToolRequestError("invalid_message", path, "a tool message needs content (its result)");
  return JSON.stringify(content);
}

/** Validates `messages` and reduces every accepted shape to one. */
export function normalizeMessages(messages: readonly ChatMessage[] | undefined): NormalizedMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) throw new ToolRequestError("invalid_request", "messages", "must be a non-empty array");
  let callCounter = 0;
  return messages.map((raw, i): NormalizedMessage => {
    const path = `messages[${i}]`;
    if (!isObject(raw)) throw new ToolRequestError("invalid_message", path, "is not an object");
    const m = raw as Record<string, unknown>;
    const name = typeof m.name === "string" ? m.name : undefined;
    switch (m.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOf(m.content, `${path}.content`), calls: [], ...(name ? { name } : {}) };
      case "user":
        return { role: "user", content: textOf(m.content, `${path}.content`), calls: [], ...(name ? { name } : {}) };
      case "assistant": {
        const content = m.content === null || m.content === undefined ? null : textOf(m.content, `${path}.content`);
        const rawCalls = m.tool_calls ?? [];
        if (!Array.isArray(rawCalls)) throw new ToolRequestError("invalid_message", `${path}.tool_calls`, "must be an array");
        const calls = rawCalls.map((c: unknown, j): HistoryCall => {
          const cp = `${path}.tool_calls[${j}]`;
          if (!isObject(c) || !isObject(c.function)) throw new ToolRequestError("invalid_message", cp, "must be {id, type: \"function\", function: {name, arguments}}");
          const fn = c.function;
          if (typeof fn.name !== "string" || fn.name === "") throw new ToolRequestError("invalid_message", `${cp}.function.name`, "must be a non-empty string");
          let args: string;
          if (typeof fn.arguments === "string") {
            args = fn.arguments === "" ? "{}" : fn.arguments;
            try {
              JSON.parse(args);
            } catch {
              throw new ToolRequestError("invalid_message", `${cp}.function.arguments`, `is not JSON: ${JSON.stringify(args.slice(0, 80))}`);
            }
          } else if (isObject(fn.arguments) || fn.arguments === undefined) {
            args = JSON.stringify(fn.arguments ?? {});
          } else {
            throw new ToolRequestError("invalid_message", `${cp}.function.arguments`, "must be a JSON string or an object");
          }
          const id = typeof c.id === "string" && c.id !== "" ? c.id : `call_${i}_${callCounter++}`;
          return { id, name: fn.name, arguments: args };
        });
        if (content === null && calls.length === 0) {
          throw new ToolRequestError("invalid_message", path, "an assistant message needs content or tool_calls");
        }
        const reasoning = typeof m.reasoning_content === "string" ? m.reasoning_content : undefined;
        return { role: "assistant", content, calls, ...(name ? { name } : {}), ...(reasoning !== undefined ? { reasoning } : {}) };
      }
      case "tool": {
        const id = typeof m.tool_call_id === "string" ? m.tool_call_id : undefined;
        return { role: "tool", content: toolResultText(m.content, `${path}.content`), calls: [], ...(id !== undefined ? { toolCallId: id } : {}), ...(name ? { name } : {}) };
      }
      default:
        throw new ToolRequestError("invalid_message", `${path}.role`, `unknown role ${JSON.stringify(m.role)}; expected system, developer, user, assistant or tool`);
    }
  });
}
