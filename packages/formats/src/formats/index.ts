import type { FormatDefinition } from "../format.js";
import { deepseekV3 } from "./deepseek-v3.js";
import { deepseekV31 } from "./deepseek-v3-1.js";
import { ernie45 } from "./ernie45.js";
import { ernieX1 } from "./ernie-x1.js";
import { granite } from "./granite.js";
import { granite20bFc } from "./granite-20b-fc.js";
import { hermes } from "./hermes.js";
import { hunyuanA13b } from "./hunyuan-a13b.js";
import { internlm } from "./internlm.js";
import { jamba } from "./jamba.js";
import { kimiK2 } from "./kimi-k2.js";
import { llama3Json } from "./llama3-json.js";
import { mistral } from "./mistral.js";
import { nemotronDeci } from "./nemotron-deci.js";
import { phi4MiniJson } from "./phi4-mini-json.js";
import { qwen3Coder } from "./qwen3-coder.js";
import { xlam } from "./xlam.js";

/** The built-in formats, in the order `listFormats` reports them. */
export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  hermes,
  llama3Json,
  mistral,
  deepseekV3,
  deepseekV31,
  qwen3Coder,
  kimiK2,
  phi4MiniJson,
  jamba,
  hunyuanA13b,
  nemotronDeci,
  granite,
  granite20bFc,
  internlm,
  xlam,
  ernieX1,
  ernie45,
];
