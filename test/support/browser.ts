// Real headless Chromium (Debian's package) driven by playwright-core. Browser tests skip when
// Chromium is not installed, unless TOOLMASK_REQUIRE_BROWSER=1 (set by .ci/run), where a missing
// browser is a failure rather than a silent skip.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.TOOLMASK_CHROMIUM ?? "/usr/bin/chromium";
export const BROWSER_REQUIRED = process.env.TOOLMASK_REQUIRE_BROWSER === "1";

/** True when browser tests should run; throws when they are required but Chromium is missing. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (BROWSER_REQUIRED) throw new Error(`TOOLMASK_REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist: apt-get install chromium`);
  return false;
}

export interface LaunchOptions {
  /** Expose WebGPU through SwiftShader (CPU); without it the page sees no WebGPU. */
  readonly webgpu?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
  if (options.webgpu) args.push("--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader", "--enable-unsafe-swiftshader");
  else args.push("--disable-gpu");
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

/** Serves fixed files from memory on 127.0.0.1; returns the base URL and a closer. */
export async function serveFiles(files: Record<string, { body: string | Uint8Array; type: string }>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const file = files[(req.url ?? "/").split("?")[0]!];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
