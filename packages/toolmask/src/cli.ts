#!/usr/bin/env node
/// <reference types="node" />
// The `toolmask` command: Node wiring around cli-commands.ts. Kept out of the package's main
// entry, which stays free of Node APIs for browsers and workers.
import { readFileSync } from "node:fs";
import { runCli } from "./cli-commands.js";

async function* stdinText(): AsyncIterable<string> {
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) yield chunk as string;
}

const code = await runCli(process.argv.slice(2), {
  stdin: stdinText(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, "utf8"),
});
process.exitCode = code;
