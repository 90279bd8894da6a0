// The Electron example's main ↔ renderer glue (examples/electron/src/ipc.ts), run in Node without
// Electron: a fake ipcMain / ipcRenderer pair that passes every message through structuredClone,
// as Electron's IPC does. The host behind it is the real simulated chat (a SCRIPTED MODEL, not an
// LLM, over the FAKE WebLLM engine on the Qwen3 tokenizer).
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChatCompletionChunk, StreamingChatCompletionRequest } from "@toolmask/webllm";
import { createSimulatedChat, simulatedHost, type ChatHost, type HostEvent } from "@toolmask-examples/simulated-chat";
import { qwen3TokenizerFiles } from "@toolmask-examples/simulated-chat/node";
import { CHANNELS, connectHost, serveHost, type IpcMainLike, type IpcRendererLike, type SenderLike } from "../../examples/electron/src/ipc.js";

type Listener = (event: unknown, message: unknown) => void;

/** One window's IPC: main handlers and renderer listeners joined by structured cloning. */
function fakeIpc(): { ipcMain: IpcMainLike; ipcRenderer: IpcRendererLike; sent: unknown[]; close(): void; listeners(channel: string): number } {
  const handlers = new Map<string, (event: { sender: SenderLike }, ...args: unknown[]) => unknown>();
  const mainListeners = new Map<string, (event: { sender: SenderLike }, ...args: unknown[]) => void>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const sent: unknown[] = [];
  let destroyed = false;
  const sender: SenderLike = {
    send(channel, message) {
      sent.push(message);
      for (const l of [...(rendererListeners.get(channel) ?? [])]) l({}, structuredClone(message));
    },
    isDestroyed: () => destroyed,
  };
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    on: (channel, listener) => void mainListeners.set(channel, listener),
  };
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      try {
        return structuredClone(await handler({ sender }, ...args.map((a) => structuredClone(a))));
      } catch (err) {
        throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
      }
    },
    send(channel, message) {
      const copy = structuredClone(message);
      queueMicrotask(() => mainListeners.get(channel)?.({ sender }, copy));
    },
    on(channel, listener) {
      if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
      rendererListeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      rendererListeners.get(channel)?.delete(listener);
    },
  };
  return { ipcMain, ipcRenderer, sent, close: () => (destroyed = true), listeners: (channel) => rendererListeners.get(channel)?.size ?? 0 };
}

const TOOLS = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string", maxLength: 60 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["city", "unit"], additionalProperties: false },
    },
  },
];
const request = (content: string, extra: Partial<StreamingChatCompletionRequest> = {}): StreamingChatCompletionRequest => ({
  messages: [{ role: "user", content }],
  tools: TOOLS,
  stream: true,
  temperature: 0,
  max_tokens: 120,
  chat_template_kwargs: { enable_thinking: false },
  ...extra,
});
const chunksOf = (events: HostEvent[]): ChatCompletionChunk[] => events.flatMap((e) => (e.type === "chunk" ? [e.chunk] : []));

let host: ChatHost;
beforeAll(async () => {
  host = simulatedHost(await createSimulatedChat(qwen3TokenizerFiles()));
});

describe("Electron glue: main process serves the simulated chat over IPC", () => {
  it("prepares once for every window and streams progress to the window that asked", async () => {
    const ipc = fakeIpc();
    let prepared = 0;
    serveHost(ipc.ipcMain, async (onProgress) => {
      prepared++;
      onProgress("vocabulary", 0.5);
      onProgress("ready", 1);
      return host;
    });
    const progress: [string, number][] = [];
    const bridge = connectHost(ipc.ipcRenderer);
    const info = await bridge.prepare((stage, fraction) => progress.push([stage, fraction]));
    const again = await connectHost(ipc.ipcRenderer).prepare(() => {});
    expect(prepared).toBe(1);
    expect(progress).toEqual([
      ["vocabulary", 0.5],
      ["ready", 1],
    ]);
    expect(info).toEqual(host.info);
    expect(again).toEqual(info);
    expect(ipc.listeners(CHANNELS.progress)).toBe(0);
  });

  it("streams a required turn as wishes, chunks and steps, ending in a call whose arguments validate", async () => {
    const ipc = fakeIpc();
    serveHost(ipc.ipcMain, async () => host);
    const bridge = connectHost(ipc.ipcRenderer);
    await bridge.prepare(() => {});
    const events: HostEvent[] = [];
    await bridge.chat(request("Hello, nice to meet you!", { tool_choice: "required" }), (e) => events.push(e));
    expect(events[0]).toMatchObject({ type: "wishes" });
    expect(events.some((e) => e.type === "step")).toBe(true);
    const deltas = chunksOf(events).flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather" } });
    const args = JSON.parse(deltas.map((d) => d.function?.arguments ?? "").join("")) as unknown;
    expect(new Ajv().compile(TOOLS[0]!.function.parameters)(args)).toBe(true);
    expect(chunksOf(events).map((c) => c.choices[0]?.finish_reason).filter(Boolean)).toEqual(["tool_calls"]);
    expect(ipc.listeners(CHANNELS.chatEvent)).toBe(0);
  });

  it("rejects a refused request in the page with the error's name, code and path", async () => {
    const ipc = fakeIpc();
    serveHost(ipc.ipcMain, async () => host);
    const bridge = connectHost(ipc.ipcRenderer);
    await bridge.prepare(() => {});
    const error = await bridge.chat(request("hi", { tool_choice: { type: "function", function: { name: "get_time" } } }), () => {}).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string; path?: string },
    );
    expect(error).toMatchObject({ name: "ToolRequestError", code: "unknown_tool", path: "tool_choice.function.name" });
    expect(error!.message).toMatch(/^ToolRequestError \(unknown_tool at tool_choice\.function\.name\): .*get_time/);
  });

  it("keeps the events of concurrent chats apart", async () => {
    const ipc = fakeIpc();
    serveHost(ipc.ipcMain, async () => host);
    const bridge = connectHost(ipc.ipcRenderer);
    await bridge.prepare(() => {});
    const a: HostEvent[] = [];
    const b: HostEvent[] = [];
    await Promise.all([bridge.chat(request("Weather in Paris?", { tool_choice: "auto" }), (e) => a.push(e)), bridge.chat(request("Tell me a joke.", { tool_choice: "none" }), (e) => b.push(e))]);
    const content = (events: HostEvent[]): string => chunksOf(events).map((c) => c.choices[0]?.delta.content ?? "").join("");
    const calls = (events: HostEvent[]): number => chunksOf(events).flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? [])).length;
    expect(calls(a)).toBeGreaterThan(0);
    expect(content(b)).toContain("Tell me a joke.");
    expect(calls(b)).toBe(0);
    expect(a.filter((e) => e.type === "wishes")).toHaveLength(1);
    expect(b.filter((e) => e.type === "wishes")).toHaveLength(1);
  });

  it("fails a chat sent before prepare, naming the cause", async () => {
    const ipc = fakeIpc();
    serveHost(ipc.ipcMain, async () => host);
    await expect(connectHost(ipc.ipcRenderer).chat(request("hi"), () => {})).rejects.toThrow(/no model is prepared: invoke "toolmask:prepare" first/);
  });

  it("answers a malformed chat message with an error instead of failing silently", async () => {
    const ipc = fakeIpc();
    serveHost(ipc.ipcMain, async () => host);
    const replies: unknown[] = [];
    ipc.ipcRenderer.on(CHANNELS.chatEvent, (_e, m) => replies.push(m));
    ipc.ipcRenderer.send(CHANNELS.chat, { id: 7, request: "not a request" });
    await expect.poll(() => replies).toEqual([{ id: 7, kind: "error", error: { name: "TypeError", message: "a chat message is {id: integer, request: object}" } }]);
  });

  it("retries prepare after it failed, and reports the failure to the window", async () => {
    const ipc = fakeIpc();
    let attempts = 0;
    serveHost(ipc.ipcMain, async () => {
      if (attempts++ === 0) throw new Error("tokenizer missing");
      return host;
    });
    await expect(connectHost(ipc.ipcRenderer).prepare(() => {})).rejects.toThrow(/toolmask:prepare.*tokenizer missing/);
    await expect(connectHost(ipc.ipcRenderer).prepare(() => {})).resolves.toEqual(host.info);
  });

  it("drops replies to a window that closed while its chat ran", async () => {
    const ipc = fakeIpc();
    serveHost(ipc.ipcMain, async () => host);
    const bridge = connectHost(ipc.ipcRenderer);
    await bridge.prepare(() => {});
    const before = ipc.sent.length;
    let events = 0;
    void bridge.chat(request("Weather in Paris?"), () => {
      events++;
      ipc.close();
    });
    await expect.poll(() => events).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ipc.sent.length - before).toBe(1);
  });
});
