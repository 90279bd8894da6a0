// The chat app: model picker and loading, tools editor, tool_choice, streaming chat with tool-call
// cards, and the grammar inspector. It talks to a `ChatHost` only, so the same page drives WebLLM,
// the in-page simulated model, or Electron's main process.
import type { ToolChoice, ToolDefinition } from "@toolmask/formats";
import type { ChatCompletionChunk, ChatMessage, ResponseToolCall, StreamingChatCompletionRequest } from "@toolmask/webllm";
import { detectFormat } from "@toolmask/formats";
import type { ChatHost, HostEvent, StepStat } from "@toolmask-examples/simulated-chat";
import { detectWebGPU, loadSimulated, loadWebLLM, SIMULATED, toolModels, type Progress } from "./hosts.js";
import { printedGrammar, renderChart, summarize } from "./inspector.js";
import { checkTools, DEFAULT_TOOLS, validateCall } from "./tools.js";

const $ = <T extends HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
};

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; testid?: string } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.testid) node.dataset.testid = props.testid;
  node.append(...children);
  return node;
}

/** A tool call of the transcript, with its card and the result the user types. */
interface CallCard {
  call: ResponseToolCall;
  args: HTMLPreElement;
  result?: string;
}

export function mountApp(): void {
  const ui = {
    webgpu: $("webgpu-status"),
    modelSelect: $<HTMLSelectElement>("model-select"),
    load: $<HTMLButtonElement>("load-model"),
    modelStatus: $("model-status"),
    banner: $("banner"),
    downloadBar: $<HTMLProgressElement>("download-progress"),
    downloadText: $("download-text"),
    vocabBar: $<HTMLProgressElement>("vocab-progress"),
    vocabText: $("vocab-text"),
    tools: $<HTMLTextAreaElement>("tools-json"),
    toolErrors: $("tools-errors"),
    toolChoice: $<HTMLSelectElement>("tool-choice"),
    parallel: $<HTMLInputElement>("parallel"),
    thinking: $<HTMLInputElement>("thinking"),
    maxTokens: $<HTMLInputElement>("max-tokens"),
    transcript: $("transcript"),
    composer: $<HTMLFormElement>("composer"),
    input: $<HTMLTextAreaElement>("user-input"),
    send: $<HTMLButtonElement>("send"),
    chart: $("chart"),
    chartSummary: $("chart-summary"),
    grammar: $("grammar"),
    grammarSize: $("grammar-size"),
  };

  let host: ChatHost | undefined;
  let tools: ToolDefinition[] = DEFAULT_TOOLS;
  let toolsOk = true;
  let busy = false;
  const messages: ChatMessage[] = [];
  let steps: StepStat[] = [];

  // Model picker: the simulated model first, then WebLLM's prebuilt models toolmask has a format for.
  ui.modelSelect.append(h("option", { text: "Simulated model (scripted, not an LLM) · no download" }));
  ui.modelSelect.options[0]!.value = SIMULATED;
  const families = new Map<string, HTMLOptGroupElement>();
  for (const m of toolModels()) {
    const family = m.id.split("-")[0]!;
    let group = families.get(family);
    if (!group) {
      group = document.createElement("optgroup");
      group.label = `${family} (WebLLM, WebGPU)`;
      families.set(family, group);
      ui.modelSelect.append(group);
    }
    const option = h("option", { text: `${m.id} · ${m.format} · ${m.vramMB} MB` });
    option.value = m.id;
    group.append(option);
  }
  const preferred = toolModels().find((m) => m.id === "Qwen3-1.7B-q4f16_1-MLC");

  const currentFormat = (): string => host?.info.format ?? (ui.modelSelect.value === SIMULATED ? "hermes" : (detectFormat(ui.modelSelect.value) ?? "hermes"));

  const showBanner = (text: string, kind: "warn" | "error", action?: { label: string; run: () => void }): void => {
    ui.banner.hidden = false;
    ui.banner.className = `banner ${kind === "error" ? "error" : ""}`;
    ui.banner.replaceChildren(text);
    if (action) {
      const button = h("button", { text: action.label, testid: "banner-action" });
      button.addEventListener("click", action.run);
      ui.banner.append(button);
    }
  };

  void detectWebGPU().then((gpu) => {
    if (gpu.available) {
      ui.webgpu.textContent = `WebGPU: ${gpu.adapter}`;
      ui.webgpu.className = "pill ok";
      if (preferred && !window.toolmaskElectron) ui.modelSelect.value = preferred.id;
      return;
    }
    ui.webgpu.textContent = "no WebGPU";
    ui.webgpu.className = "pill bad";
    for (const option of ui.modelSelect.querySelectorAll("optgroup option")) (option as HTMLOptionElement).disabled = true;
    ui.modelSelect.value = SIMULATED;
    showBanner(`WebGPU is not available here (${gpu.reason}), so real models cannot run. You can try toolmask with the simulated model: a scripted stand-in that is not a language model, running the real Qwen3 tokenizer, chat template and token mask in this page.`, "warn", {
      label: "Use the simulated model",
      run: () => void load(),
    });
  });

  // Tools editor: live checks with inline errors.
  ui.tools.value = JSON.stringify(DEFAULT_TOOLS, null, 2);
  let toolsTimer: ReturnType<typeof setTimeout> | undefined;
  const checkEditor = (): void => {
    const result = checkTools(ui.tools.value, currentFormat(), host?.info.specialTokens);
    ui.toolErrors.replaceChildren();
    toolsOk = result.ok;
    ui.tools.classList.toggle("invalid", !result.ok);
    if (result.ok) tools = result.tools;
    else for (const p of result.problems) ui.toolErrors.append(h("li", {}, h("code", { text: p.where }), ` ${p.message}`));
    refreshToolChoice();
    refreshGrammar();
    refreshSend();
  };
  ui.tools.addEventListener("input", () => {
    clearTimeout(toolsTimer);
    toolsTimer = setTimeout(checkEditor, 150);
  });

  const refreshToolChoice = (): void => {
    const previous = ui.toolChoice.value;
    const names = tools.map((t) => (t as { function: { name: string } }).function.name);
    ui.toolChoice.replaceChildren(...["auto", "required", "none", ...names.map((n) => `function:${n}`)].map((v) => Object.assign(h("option", { text: v.startsWith("function:") ? `{function: ${v.slice(9)}}` : v }), { value: v })));
    ui.toolChoice.value = [...ui.toolChoice.options].some((o) => o.value === previous) ? previous : "auto";
  };

  const choiceValue = (value: string): ToolChoice => (value.startsWith("function:") ? { type: "function", function: { name: value.slice(9) } } : (value as "auto" | "required" | "none"));

  const refreshGrammar = (choice: ToolChoice = choiceValue(ui.toolChoice.value)): void => {
    if (!toolsOk) {
      ui.grammar.textContent = "(fix the tools to see their grammar)";
      return;
    }
    try {
      const text = printedGrammar({
        format: currentFormat(),
        tools,
        toolChoice: choice,
        parallelToolCalls: ui.parallel.checked,
        reasoning: ui.thinking.checked ? undefined : false,
        specialTokens: host?.info.specialTokens,
      });
      ui.grammar.textContent = text;
      ui.grammarSize.textContent = `· ${currentFormat()} · ${text.split("\n").filter(Boolean).length} rules`;
    } catch (err) {
      ui.grammar.textContent = `(cannot build the grammar: ${err instanceof Error ? err.message : String(err)})`;
    }
  };
  for (const control of [ui.toolChoice, ui.parallel, ui.thinking]) control.addEventListener("change", () => refreshGrammar());
  ui.modelSelect.addEventListener("change", () => checkEditor());

  const refreshSend = (): void => {
    ui.send.disabled = !host || busy || !toolsOk;
  };

  // Loading a model.
  const progress: Progress = {
    download: (f, text) => {
      ui.downloadBar.value = f;
      ui.downloadText.textContent = text;
    },
    vocabulary: (f, text) => {
      ui.vocabBar.value = f;
      ui.vocabText.textContent = text;
    },
  };
  const load = async (): Promise<void> => {
    const id = ui.modelSelect.value;
    ui.load.disabled = true;
    ui.banner.hidden = true;
    host = undefined;
    refreshSend();
    progress.download(0, "");
    progress.vocabulary(0, "");
    ui.modelStatus.className = "status";
    ui.modelStatus.textContent = `loading ${id === SIMULATED ? "the simulated model" : id}…`;
    try {
      host = id === SIMULATED ? await loadSimulated(progress) : await loadWebLLM(id, progress);
      ui.modelStatus.textContent = `ready: ${host.info.label}`;
      ui.modelStatus.dataset.ready = "true";
      checkEditor();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ui.modelStatus.className = "status error";
      ui.modelStatus.textContent = `failed to load ${id}`;
      showBanner(message, "error");
    } finally {
      ui.load.disabled = false;
      refreshSend();
    }
  };
  ui.load.addEventListener("click", () => void load());

  // Chat.
  const scrollDown = (): void => {
    ui.transcript.scrollTop = ui.transcript.scrollHeight;
  };

  ui.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = ui.input.value.trim();
    if (!text || ui.send.disabled) return;
    ui.input.value = "";
    messages.push({ role: "user", content: text });
    ui.transcript.append(h("div", { className: "msg user", text }));
    void runTurn(choiceValue(ui.toolChoice.value));
  });
  ui.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      ui.composer.requestSubmit();
    }
  });

  let chartQueued = false;
  const queueChart = (): void => {
    if (chartQueued) return;
    chartQueued = true;
    requestAnimationFrame(() => {
      chartQueued = false;
      renderChart(ui.chart, steps, host?.info.vocabSize ?? 1);
      ui.chartSummary.textContent = summarize(steps);
    });
  };

  const runTurn = async (choice: ToolChoice): Promise<void> => {
    if (!host) return;
    busy = true;
    refreshSend();
    refreshGrammar(choice);
    steps = [];
    const bubble = h("div", { className: "msg assistant", testid: "assistant-message" });
    const reasoning = h("div", { className: "reasoning" });
    const content = h("span", { testid: "assistant-content" });
    const meta = h("span", { className: "meta" });
    bubble.append(reasoning, content);
    ui.transcript.append(bubble);
    const cards: CallCard[] = [];
    let text = "";
    let finish: string | null = null;
    let usage = "";
    const request: StreamingChatCompletionRequest = {
      messages: [...messages],
      ...(tools.length > 0 ? { tools, tool_choice: choice, parallel_tool_calls: ui.parallel.checked } : {}),
      max_tokens: Number(ui.maxTokens.value) || 256,
      stream: true,
      stream_options: { include_usage: true },
      ...(host.info.simulated ? { temperature: 0 } : {}),
      chat_template_kwargs: { enable_thinking: ui.thinking.checked },
    };
    const onChunk = (chunk: ChatCompletionChunk): void => {
      const choice0 = chunk.choices[0];
      if (chunk.usage) {
        const extra = chunk.usage.extra;
        const jumped = extra.jump_forward_tokens;
        usage = ` · ${chunk.usage.completion_tokens} tokens${jumped > 0 ? ` (${jumped} fed by jump-forward)` : ""} · driver: ${extra.driver}`;
      }
      if (!choice0) return;
      const delta = choice0.delta as ChatCompletionChunk["choices"][0]["delta"] & { reasoning_content?: string };
      if (delta.reasoning_content) reasoning.textContent += delta.reasoning_content;
      if (delta.content) {
        text += delta.content;
        content.textContent = text;
      }
      for (const d of delta.tool_calls ?? []) {
        let card = cards[d.index];
        if (!card) {
          const args = h("pre", { testid: "tool-args" });
          card = { call: { id: d.id ?? `call_${d.index}`, type: "function", function: { name: d.function?.name ?? "", arguments: "" } }, args };
          cards[d.index] = card;
          const element = h(
            "div",
            { className: "tool-card", testid: "tool-card" },
            h("header", {}, h("span", { text: "tool call" }), h("span", { className: "name", text: card.call.function.name, testid: "tool-name" }), h("span", { className: "id", text: card.call.id })),
            args,
          );
          bubble.append(element);
        }
        if (d.function?.arguments) {
          card.call.function.arguments += d.function.arguments;
          card.args.textContent = card.call.function.arguments;
        }
      }
      if (choice0.finish_reason) finish = choice0.finish_reason;
      scrollDown();
    };
    const onEvent = (event: HostEvent): void => {
      if (event.type === "chunk") onChunk(event.chunk);
      else if (event.type === "step") {
        steps.push(event.step);
        queueChart();
      } else {
        const list = h("ol");
        for (const wish of event.wishes) list.append(h("li", {}, h("code", { text: wish })));
        const details = h("details", { className: "wishes", testid: "wishes" }, h("summary", { text: "what the simulated model wanted, best first" }), list);
        details.open = true;
        bubble.append(details);
      }
    };
    try {
      await host.chat(request, onEvent);
      messages.push({ role: "assistant", content: text === "" && cards.length > 0 ? null : text, ...(cards.length > 0 ? { tool_calls: cards.map((c) => c.call) } : {}) });
      meta.textContent = `finish_reason: ${finish ?? "?"}${usage}`;
      bubble.append(meta);
      for (const card of cards) attachResultBox(card, cards);
    } catch (err) {
      const e = err as Error & { code?: string; path?: string };
      bubble.classList.add("error");
      bubble.append(h("span", { className: "meta", text: `${e.name}${e.code ? ` (${e.code}${e.path ? ` at ${e.path}` : ""})` : ""}: ${e.message}` }));
    } finally {
      busy = false;
      refreshSend();
      renderChart(ui.chart, steps, host.info.vocabSize);
      ui.chartSummary.textContent = summarize(steps);
      scrollDown();
    }
  };

  /** Under a finished call: the validation badge and a box to send the tool's result back. */
  const attachResultBox = (card: CallCard, turn: CallCard[]): void => {
    const element = card.args.parentElement!;
    const check = validateCall(tools, card.call.function.name, card.call.function.arguments);
    card.args.textContent = prettyJSON(card.call.function.arguments);
    element.querySelector("header")!.append(h("span", { className: `badge ${check.valid ? "ok" : "bad"}`, text: check.valid ? "valid" : "invalid", testid: "tool-valid" }));
    element.append(h("div", { className: "hint", text: check.message }));
    const box = h("textarea", { testid: "tool-result" });
    box.placeholder = 'The tool\'s result, e.g. {"temperature": 18}';
    const send = h("button", { text: "Return result", testid: "tool-result-send" });
    element.append(box, send);
    send.addEventListener("click", () => {
      if (!box.value.trim() || busy) return;
      card.result = box.value.trim();
      box.disabled = true;
      send.replaceWith(h("span", { className: "sent", text: "result returned" }));
      if (turn.every((c) => c.result !== undefined)) {
        for (const c of turn) messages.push({ role: "tool", tool_call_id: c.call.id, content: c.result! });
        const chosen = choiceValue(ui.toolChoice.value);
        void runTurn(chosen === "none" ? "none" : "auto");
      }
    });
  };

  refreshToolChoice();
  checkEditor();
}

function prettyJSON(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
