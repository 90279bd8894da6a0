// Runs web-xgrammar for the engine benchmark in a worker thread, so a compile that runs too long
// can be stopped. Receives the tokenizer once, then one schema (with pre-tokenized tests) at a
// time; replies with the same measurements the toolmask side takes.
import { parentPort, workerData } from "node:worker_threads";
import { loadXGrammar } from "./lib/xgrammar.mjs";

const xg = loadXGrammar();
const { vocab, type, vocabSize, stopIds } = workerData;
const info = await xg.TokenizerInfo.createTokenizerInfo(vocab, type, false, vocabSize, stopIds);
const compiler = await xg.GrammarCompiler.createGrammarCompiler(info, false);
parentPort.postMessage({ ready: true });

parentPort.on("message", async (job) => {
  const out = { id: job.id, ttfm: NaN, tbm: [], compileError: null, validationErrors: 0, invalidationErrors: 0, passed: true };
  try {
    const t0 = performance.now();
    const compiled = job.kind === "schema" ? await compiler.compileJSONSchema(job.schema, true, undefined, undefined, false) : job.kind === "structural" ? await compiler.compileStructuralTag(job.tags.map((t) => new xg.StructuralTagItem(t.begin, t.schema, t.end)), job.triggers) : await compiler.compileGrammar(job.ebnf);
    let m = await xg.GrammarMatcher.createGrammarMatcher(compiled);
    await m.getNextTokenBitmask();
    out.ttfm = performance.now() - t0;
    m.dispose();
    for (const test of job.tests) {
      m = await xg.GrammarMatcher.createGrammarMatcher(compiled);
      let ok = true;
      for (const id of test.ids) {
        const t = performance.now();
        const mask = await m.getNextTokenBitmask();
        const dt = performance.now() - t;
        if (test.valid) out.tbm.push(dt);
        const allowed = ((mask[id >>> 5] >>> (id & 31)) & 1) === 1;
        if (!allowed || !m.acceptToken(id)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        const mask = await m.getNextTokenBitmask();
        ok = stopIds.some((id) => ((mask[id >>> 5] >>> (id & 31)) & 1) === 1);
      }
      if (test.valid && !ok) out.validationErrors++;
      if (!test.valid && ok) out.invalidationErrors++;
      m.dispose();
    }
    compiled.dispose();
  } catch (e) {
    out.compileError = String(e?.message ?? e).slice(0, 200);
  }
  out.passed = out.compileError === null && out.validationErrors === 0 && out.invalidationErrors === 0;
  parentPort.postMessage(out);
});
