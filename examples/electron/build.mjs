// Bundles the main process (ESM; packages stay external and resolve from the repository's
// node_modules) and the preload script (CommonJS, as sandboxed preloads must be).
import { build } from "esbuild";

await build({ entryPoints: ["src/main.ts"], outfile: "dist/main.mjs", bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
await build({ entryPoints: ["src/preload.ts"], outfile: "dist/preload.cjs", bundle: true, platform: "node", format: "cjs", target: "node20", external: ["electron"], logLevel: "warning" });
