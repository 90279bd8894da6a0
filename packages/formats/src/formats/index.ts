import type { FormatDefinition } from "../format.js";
import { gemma4 } from "./gemma4.js";
import { harmony } from "./harmony.js";
import { glm45 } from "./glm45.js";
import { glm47 } from "./glm47.js";
import { minimaxM2 } from "./minimax-m2.js";
import { deepseekV32 } from "./deepseek-v3-2.js";
import { deepseekV4 } from "./deepseek-v4.js";
import { seedOss } from "./seed-oss.js";
import { step3 } from "./step3.js";
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
import { llama4Pythonic } from "./llama4-pythonic.js";
import { llama3Json } from "./llama3-json.js";
import { mistral } from "./mistral.js";
import { nemotronDeci } from "./nemotron-deci.js";
import { olmo3 } from "./olmo3.js";
import { phi4MiniJson } from "./phi4-mini-json.js";
import { pythonic } from "./pythonic.js";
import { qwen3Coder } from "./qwen3-coder.js";
import { xlam } from "./xlam.js";

/** The built-in formats, in the order `listFormats` reports them. */
export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  hermes,
  llama3Json,
  mistral,
  pythonic,
  llama4Pythonic,
  olmo3,
  deepseekV3,
  deepseekV31,
  deepseekV32,
  deepseekV4,
  qwen3Coder,
  seedOss,
  glm45,
  glm47,
  kimiK2,
  minimaxM2,
  harmony,
  gemma4,
  phi4MiniJson,
  jamba,
  hunyuanA13b,
  nemotronDeci,
  granite,
  granite20bFc,
  internlm,
  xlam,
  step3,
  ernieX1,
  ernie45,
];
