import { defineConfig } from "vite";

// `base: "./"` keeps asset URLs relative, so the built page also loads from file:// (Electron).
export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    // @mlc-ai/web-llm and the Qwen3 tokenizer (the simulated model's) are large by nature.
    chunkSizeWarningLimit: 8000,
  },
});
