#!/usr/bin/env node
// `npm run demo` until the tool-calling demo lands: shows the grammar toolchain on the JSON grammar
// in grammars/json.ebnf — parse it, print it for three engines, and check documents with the
// reference recognizer. No model runs here, simulated or real.
import { readFileSync } from "node:fs";
import { parseEbnf, printGbnf, printLark, Recognizer } from "@toolmask/grammar";

const source = readFileSync(new URL("../../grammars/json.ebnf", import.meta.url), "utf8");
const json = parseEbnf(source);
console.log("toolmask — grammar toolchain demo (the tool-calling demo with a simulated model is coming)\n");
console.log(`Parsed grammars/json.ebnf: ${json.rules.size} rules, start rule "${json.start}".\n`);
console.log("As llama.cpp GBNF:\n" + printGbnf(json));
console.log("As llguidance Lark:\n" + printLark(json));
const rec = new Recognizer(json);
for (const doc of ['{"city": "Paris", "days": [1, 2]}', '{"city": Paris}', '{"unit": "°C", "t": -3.5e1}', "[1, 2,]"]) {
  console.log(`${rec.accepts(doc) ? "accepted" : "rejected"}  ${doc}`);
}
