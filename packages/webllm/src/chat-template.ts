import { Template } from "@huggingface/jinja";
import { renderToolCalls, type ToolDefinition } from "@toolmask/formats";
import { ModelSetupError } from "./errors.js";
import type { NormalizedMessage, TemplateMessage } from "./messages.js";

export interface ChatTemplateOptions {
  /** The tokenizer's `bos_token` / `eos_token` (tokenizer_config.json), which templates print. */
  readonly bosToken?: string | null;
  readonly eosToken?: string | null;
  /** The tool-call format, used to re-render calls for templates that cannot render them. */
  readonly format: string;
}

export interface RenderOptions {
  readonly tools?: readonly ToolDefinition[];
  /** Default true: end with the assistant header, ready for generation. */
  readonly addGenerationPrompt?: boolean;
  /** Extra template variables (`enable_thinking`, `reasoning_effort`, …). */
  readonly variables?: { readonly [name: string]: unknown };
}

/**
 * A model's Hugging Face chat template, rendered with `@huggingface/jinja` exactly as
 * `tokenizer.apply_chat_template` renders it: tools go to the template, earlier calls and tool
 * results are passed as the template expects them. Templates that know nothing of tools (the
 * Llama-3.0 template, say) get the calls re-rendered into the assistant text in the model's
 * format, and the tool list in the system message.
 */
export class ChatTemplate {
  readonly source: string;
  /** Whether the template prints `tools` itself. */
  readonly rendersTools: boolean;
  /** Whether the template prints assistant `tool_calls` itself. */
  readonly rendersToolCalls: boolean;
  private readonly template: Template;
  private readonly options: ChatTemplateOptions;
  private readonly argumentsAsText: boolean;
  private readonly nullContent: boolean;

  constructor(source: string, options: ChatTemplateOptions) {
    this.source = source;
    this.options = options;
    try {
      this.template = new Template(source);
    } catch (err) {
      throw new ModelSetupError("template_error", `the chat template does not parse: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.rendersTools = /\btools\b/.test(source);
    this.rendersToolCalls = /\btool_calls\b/.test(source);
    // A template that serializes arguments with `tojson` wants an object (a string would be
    // quoted twice) unless it also tests `arguments is string`, which prints the model's own bytes.
    this.argumentsAsText = /arguments\s+is\s+string/.test(source) || !/arguments['"\]]*\s*\|\s*tojson/.test(source);
    this.nullContent = /[.'"[]content['"\]]*\s+is\s+(not\s+)?none/.test(source);
  }

  /** The `bos_token` / `eos_token` the template prints. */
  get bosToken(): string | null {
    return this.options.bosToken ?? null;
  }

  get eosToken(): string | null {
    return this.options.eosToken ?? null;
  }

  render(messages: readonly NormalizedMessage[], options: RenderOptions = {}): string {
    const tools = options.tools && options.tools.length > 0 ? options.tools.map(toTemplateTool) : undefined;
    let list = messages.map((m) => this.toTemplateMessage(m, options.tools));
    if (tools && !this.rendersTools) list = withToolsInSystem(list, options.tools!, this.options.format);
    try {
      return this.template.render({
        messages: list,
        ...(tools && this.rendersTools ? { tools } : {}),
        add_generation_prompt: options.addGenerationPrompt ?? true,
        bos_token: this.options.bosToken ?? "",
        eos_token: this.options.eosToken ?? "",
        ...options.variables,
      });
    } catch (err) {
      throw new ModelSetupError("template_error", `the chat template failed to render: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  private toTemplateMessage(m: NormalizedMessage, tools: readonly ToolDefinition[] | undefined): TemplateMessage {
    const out: TemplateMessage = { role: m.role, content: m.content };
    if (m.name !== undefined) out.name = m.name;
    if (m.toolCallId !== undefined) out.tool_call_id = m.toolCallId;
    if (m.reasoning !== undefined) out.reasoning_content = m.reasoning;
    if (m.role === "assistant" && m.calls.length > 0) {
      if (this.rendersToolCalls) {
        out.tool_calls = m.calls.map((c) => ({
          id: c.id,
          type: "function",
          function: { name: c.name, arguments: this.argumentsAsText ? c.arguments : (JSON.parse(c.arguments) as Record<string, unknown>) },
        }));
      } else {
        const rendered = renderToolCalls(this.options.format, m.calls.map((c) => ({ name: c.name, arguments: c.arguments, id: c.id })), tools ? { tools } : {});
        out.content = (m.content ?? "") + rendered;
      }
    }
    if (out.content === null && !this.nullContent) out.content = "";
    return out;
  }
}

interface TemplateTool {
  type: "function";
  function: { name: string; description?: string; parameters?: unknown };
}

function toTemplateTool(tool: ToolDefinition): TemplateTool {
  const fn = "function" in tool && tool.function ? tool.function : (tool as unknown as TemplateTool["function"]);
  return {
    type: "function",
    function: { name: fn.name, ...(fn.description !== undefined ? { description: fn.description } : {}), ...(fn.parameters !== undefined ? { parameters: fn.parameters } : {}) },
  };
}

// TODO(#6): replace with the format's own tool instructions once @toolmask/formats provides them.
// Until then: the tool list as JSON and one example call in the model's own format.
/** Tool instructions for prompts whose template cannot list tools. */
export function toolInstructions(tools: readonly ToolDefinition[], format: string): string {
  const list = tools.map(toTemplateTool);
  const example = renderToolCalls(format, [{ name: list[0]!.function.name, arguments: {} }]);
  return (
    `You can call these functions (JSON Schema parameters):\n${list.map((t) => JSON.stringify(t)).join("\n")}\n\n` +
    `To call a function, write the call in exactly this form, with real arguments:\n${example}`
  );
}

function withToolsInSystem(messages: TemplateMessage[], tools: readonly ToolDefinition[], format: string): TemplateMessage[] {
  const text = toolInstructions(tools, format);
  const [first, ...rest] = messages;
  if (first && first.role === "system") return [{ ...first, content: `${first.content ?? ""}\n\n${text}` }, ...rest];
  return [{ role: "system", content: text }, ...messages];
}
