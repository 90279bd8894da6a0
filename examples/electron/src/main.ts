// Electron main process: one window showing the browser-chat UI. Real models run in the window
// (WebLLM on WebGPU, as in a browser); the simulated model — toolmask over the fake engine with a
// scripted stand-in, not an LLM — runs here in the main process, reached through IPC (ipc.ts).
import { existsSync } from "node:fs";
import { join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { app, BrowserWindow, dialog, ipcMain, net, protocol } from "electron";
import { createSimulatedChat, simulatedHost } from "@toolmask-examples/simulated-chat";
import { qwen3TokenizerFiles } from "@toolmask-examples/simulated-chat/node";
import { serveHost } from "./ipc.js";

/** The browser-chat build (`npm run build:app -w @toolmask-examples/browser-chat`). */
const RENDERER = fileURLToPath(new URL("../../browser-chat/dist/", import.meta.url));

// A privileged scheme instead of file://: the page gets a secure origin with fetch and the Cache
// API, which WebLLM keeps its model files in.
protocol.registerSchemesAsPrivileged([{ scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Chromium ships WebGPU behind a flag on Linux.
if (process.platform === "linux") app.commandLine.appendSwitch("enable-unsafe-webgpu");

serveHost(ipcMain, async (onProgress) => {
  onProgress("reading the Qwen3 tokenizer", 0);
  return simulatedHost(await createSimulatedChat(qwen3TokenizerFiles(), onProgress));
});

app.on("window-all-closed", () => app.quit());

void app.whenReady().then(async () => {
  if (!existsSync(join(RENDERER, "index.html"))) {
    dialog.showErrorBox("browser-chat is not built", `Expected ${join(RENDERER, "index.html")}.\nRun at the repository root: npm run build && npm run build:app -w @toolmask-examples/browser-chat`);
    app.quit();
    return;
  }
  protocol.handle("app", (request) => {
    const path = normalize(join(RENDERER, decodeURIComponent(new URL(request.url).pathname)));
    if (!path.startsWith(RENDERER)) return new Response("not found", { status: 404 });
    return net.fetch(pathToFileURL(path).href);
  });
  const window = new BrowserWindow({
    width: 1400,
    height: 950,
    title: "toolmask · Electron",
    webPreferences: { preload: fileURLToPath(new URL("./preload.cjs", import.meta.url)), contextIsolation: true, sandbox: true },
  });
  await window.loadURL("app://chat/index.html");
});
