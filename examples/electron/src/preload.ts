// Preload (sandboxed, bundled to CommonJS): gives the page the main process's simulated chat as
// `window.toolmaskElectron`, which browser-chat uses in place of its in-page simulated model.
import { contextBridge, ipcRenderer } from "electron";
import { connectHost } from "./ipc.js";

contextBridge.exposeInMainWorld("toolmaskElectron", connectHost(ipcRenderer));
