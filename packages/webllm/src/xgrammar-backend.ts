// The xgrammar backend: the request's grammar printed as XGrammar EBNF and passed to WebLLM as
// `response_format: {type: "grammar"}`, so WebLLM's bundled web-xgrammar masks on its side.
// `response_format` exists only on `chat.completions.create` in WebLLM 0.2.86, so the prompt goes
// through WebLLM's conversation template (mlc-chat-config.json `conv_template`), not the Hugging
// Face template: messages are mapped to the roles it accepts, calls re-rendered as text.
import type { ChatCompletionMessageParam, ChatCompletionRequestStreaming } from "@mlc-ai/web-llm";
import { renderToolCalls } from "@toolmask/formats";
import { classCodepoints, printEbnf, type Expr, type Grammar } from "@toolmask/grammar";
import { toolInstructions } from "./chat-template.js";
import type { RequestPlan } from "./plan.js";
import type { ToolModel } from "./tool-model.js";

/**
 * The grammar as XGrammar can take it. Special-token terminals are written as their text:
 * XGrammar's EBNF has no token terminals; in WebLLM's token table a marker such as Qwen3's
 * `<tool_call>` is one entry whose text is the marker, so the string still matches that token (and
 * its spelling in pieces too — one of the things only the native backend rules out). Negated
 * classes that name characters past ASCII become the positive class of everything else:
 * web-xgrammar 0.1.27 clamps such classes to ASCII and then fails to compile the grammar.
 */
export function withTokensAsText(grammar: Grammar): Grammar {
  const map = (e: Expr): Expr => {
    switch (e.kind) {
      case "token":
        return { kind: "literal", text: e.text };
      case "class":
        return e.negated && e.ranges.some((r) => r[1] > 0x7f) ? { kind: "class", ranges: classCodepoints(e), negated: false } : e;
      case "sequence":
      case "choice":
        return { ...e, items: e.items.map(map) };
      case "repeat":
        return { ...e, item: map(e.item) };
      default:
        return e;
    }
  };
  return { start: grammar.start, rules: new Map([...grammar.rules].map(([name, body]) => [name, map(body)])) };
}

/** The XGrammar EBNF WebLLM receives for a compiled request grammar. */
export function xgrammarEbnf(grammar: Grammar): string {
  const g = withTokensAsText(grammar);
  // XGrammar's start rule is `root`.
  return g.start === "root" ? printEbnf(g) : `root ::= ${g.start}\n${printEbnf(g)}`;
}

const cache = new WeakMap<ToolModel, Map<string, string>>();

export function xgrammarRequest(model: ToolModel, plan: RequestPlan): ChatCompletionRequestStreaming {
  let byKey = cache.get(model);
  if (!byKey) cache.set(model, (byKey = new Map()));
  const spec = plan.grammar!;
  let ebnf = byKey.get(spec.key);
  if (ebnf === undefined) byKey.set(spec.key, (ebnf = xgrammarEbnf(spec.build())));
  const messages: ChatCompletionMessageParam[] = [];
  if (plan.tools) {
    const first = plan.messages[0];
    const system = first?.role === "system" ? `${first.content ?? ""}\n\n` : "";
    messages.push({ role: "system", content: system + toolInstructions(plan.tools, model.format) });
  }
  for (const [i, m] of plan.messages.entries()) {
    if (plan.tools && i === 0 && m.role === "system") continue;
    if (m.role === "system") messages.push({ role: "system", content: m.content ?? "" });
    else if (m.role === "user") messages.push({ role: "user", content: m.content ?? "" });
    else if (m.role === "tool") messages.push({ role: "user", content: m.content ?? "" });
    else {
      const calls = m.calls.length > 0 ? renderToolCalls(model.format, m.calls.map((c) => ({ name: c.name, arguments: c.arguments }))) : "";
      messages.push({ role: "assistant", content: (m.content ?? "") + calls });
    }
  }
  return {
    messages,
    model: model.modelId,
    stream: true,
    stream_options: { include_usage: true },
    response_format: { type: "grammar", grammar: ebnf },
    ...plan.sampling,
  };
}
