// The main ↔ renderer glue of the Electron example. The main process hosts the simulated chat
// (toolmask over the fake engine, in Node); the page reaches it through the preload script as a
// `HostBridge`. Electron's APIs appear here only as the few structural methods used, so this file
// runs — and is tested — in plain Node.
//
// Protocol (every payload is structured-clone data):
//   renderer → main  invoke "toolmask:prepare"               → HostInfo (loads once per process)
//   main → renderer  send   "toolmask:progress"  {stage, fraction}            during prepare
//   renderer → main  send   "toolmask:chat"      {id, request}
//   main → renderer  send   "toolmask:chat-event" {id, kind: "event", event}  per HostEvent
//                                                {id, kind: "end"}           after the last one
//                                                {id, kind: "error", error}  instead of "end"
import type { StreamingChatCompletionRequest } from "@toolmask/webllm";
import type { ChatHost, HostBridge, HostEvent, HostInfo } from "@toolmask-examples/simulated-chat";

/** An error as it crosses the process boundary: toolmask's typed errors keep `code` and `path`. */
export interface HostError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly path?: string;
}

export function toHostError(err: unknown): HostError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err) };
  const { code, path } = err as Error & { code?: unknown; path?: unknown };
  return { name: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}), ...(typeof path === "string" ? { path } : {}) };
}

/**
 * The error the page sees: an `Error` with the original name, `code` and `path`. Electron's
 * contextBridge passes only an error's message into the page, so the message names them too.
 */
export function fromHostError(data: HostError): Error & { code?: string; path?: string } {
  const where = data.code ? ` (${data.code}${data.path ? ` at ${data.path}` : ""})` : "";
  const err = new Error(`${data.name}${where}: ${data.message}`) as Error & { code?: string; path?: string };
  err.name = data.name;
  if (data.code !== undefined) err.code = data.code;
  if (data.path !== undefined) err.path = data.path;
  return err;
}

export const CHANNELS = {
  prepare: "toolmask:prepare",
  progress: "toolmask:progress",
  chat: "toolmask:chat",
  chatEvent: "toolmask:chat-event",
} as const;

export interface ProgressMessage {
  readonly stage: string;
  readonly fraction: number;
}

export interface ChatStart {
  readonly id: number;
  readonly request: StreamingChatCompletionRequest;
}

export type ChatReply =
  | { readonly id: number; readonly kind: "event"; readonly event: HostEvent }
  | { readonly id: number; readonly kind: "end" }
  | { readonly id: number; readonly kind: "error"; readonly error: HostError };

/** `event.sender` of Electron's IPC: the window's webContents. */
export interface SenderLike {
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { sender: SenderLike }, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: { sender: SenderLike }, ...args: unknown[]) => void): void;
}

/** The part of Electron's `ipcRenderer` used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

function isChatStart(value: unknown): value is ChatStart {
  const v = value as Partial<ChatStart> | null;
  return typeof v === "object" && v !== null && Number.isSafeInteger(v.id) && typeof v.request === "object" && v.request !== null;
}

/**
 * Main process: answers prepare and chat messages with the host `prepare` builds. The host is
 * built once, on the first prepare (later windows get the same one); chats before that fail with
 * an error naming the cause. Messages to a window that closed are dropped.
 */
export function serveHost(ipcMain: IpcMainLike, prepare: (onProgress: (stage: string, fraction: number) => void) => Promise<ChatHost>): void {
  let host: Promise<ChatHost> | undefined;
  const reply = (sender: SenderLike, channel: string, message: unknown): void => {
    if (!sender.isDestroyed()) sender.send(channel, message);
  };
  ipcMain.handle(CHANNELS.prepare, async (event): Promise<HostInfo> => {
    host ??= prepare((stage, fraction) => reply(event.sender, CHANNELS.progress, { stage, fraction } satisfies ProgressMessage));
    try {
      return (await host).info;
    } catch (err) {
      host = undefined;
      throw err;
    }
  });
  ipcMain.on(CHANNELS.chat, (event, message) => {
    const sender = event.sender;
    if (!isChatStart(message)) {
      const id = typeof (message as { id?: unknown } | null)?.id === "number" ? (message as { id: number }).id : -1;
      reply(sender, CHANNELS.chatEvent, { id, kind: "error", error: { name: "TypeError", message: "a chat message is {id: integer, request: object}" } } satisfies ChatReply);
      return;
    }
    const { id, request } = message;
    void (async () => {
      try {
        if (!host) throw new Error(`no model is prepared: invoke "${CHANNELS.prepare}" first`);
        await (await host).chat(request, (e) => reply(sender, CHANNELS.chatEvent, { id, kind: "event", event: e } satisfies ChatReply));
        reply(sender, CHANNELS.chatEvent, { id, kind: "end" } satisfies ChatReply);
      } catch (err) {
        reply(sender, CHANNELS.chatEvent, { id, kind: "error", error: toHostError(err) } satisfies ChatReply);
      }
    })();
  });
}

/**
 * Renderer side (the preload script): the `HostBridge` the page uses, over `ipcRenderer`. Each
 * chat has its own id, so concurrent requests never see each other's events.
 */
export function connectHost(ipcRenderer: IpcRendererLike): HostBridge {
  let nextId = 1;
  return {
    async prepare(onProgress) {
      const listener = (_event: unknown, message: unknown): void => {
        const m = message as ProgressMessage;
        onProgress(m.stage, m.fraction);
      };
      ipcRenderer.on(CHANNELS.progress, listener);
      try {
        return (await ipcRenderer.invoke(CHANNELS.prepare)) as HostInfo;
      } finally {
        ipcRenderer.removeListener(CHANNELS.progress, listener);
      }
    },
    chat(request, onEvent) {
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        const listener = (_event: unknown, message: unknown): void => {
          const m = message as ChatReply;
          if (m.id !== id) return;
          if (m.kind === "event") {
            onEvent(m.event);
            return;
          }
          ipcRenderer.removeListener(CHANNELS.chatEvent, listener);
          if (m.kind === "end") resolve();
          else reject(fromHostError(m.error));
        };
        ipcRenderer.on(CHANNELS.chatEvent, listener);
        ipcRenderer.send(CHANNELS.chat, { id, request } satisfies ChatStart);
      });
    },
  };
}
