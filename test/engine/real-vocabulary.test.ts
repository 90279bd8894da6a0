// The engine's masks on the real Qwen3 and Llama-3 vocabularies, checked against brute force:
// every token's bytes (or special token) pushed onto the reference recognizer.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEbnf, Recognizer, type Grammar, type InputSymbol } from "@toolmask/grammar";
import { allocateTokenBitmask, allowedTokens, compileGrammar, GrammarMatcher, type Vocabulary } from "../../packages/engine/src/index.js";
import { jsonSchemaToGrammar } from "../../packages/schema/src/index.js";
import { loadTokenizer, realVocabulary, type TokenizerName } from "../support/tokenizers.js";

const JSON_GRAMMAR = parseEbnf(readFileSync(new URL("../../grammars/json.ebnf", import.meta.url), "utf8"));

function toolGrammar(open: string, close: string): Grammar {
  return parseEbnf(`root ::= [^<]{0,40} ${open} "\\n" call "\\n" ${close}
call ::= "{\\"name\\": \\"get_weather\\", \\"arguments\\": {\\"city\\": " str ", \\"unit\\": " ("\\"celsius\\"" | "\\"fahrenheit\\"") "}}"
str ::= "\\"" [^"\\\\\\n]{1,30} "\\""`);
}

function bruteForce(vocab: Vocabulary, rec: Recognizer, prefix: readonly InputSymbol[]): number[] {
  const session = rec.session();
  expect(session.push(prefix)).toBe(true);
  const len = session.length;
  const out: number[] = [];
  const specials = new Map([...vocab.specialTokens].map(([text, id]) => [id, text]));
  for (let id = 0; id < vocab.vocabSize; id++) {
    if (vocab.eosTokenIds.includes(id)) {
      if (session.accepting()) out.push(id);
      continue;
    }
    const special = specials.get(id);
    const symbols: InputSymbol[] = special !== undefined ? [{ token: special }] : [...vocab.tokenBytes(id)];
    if (symbols.length === 0) continue;
    if (session.push(symbols)) out.push(id);
    session.rewind(len);
  }
  return out;
}

interface Case {
  readonly name: string;
  readonly tokenizer: TokenizerName;
  readonly grammar: Grammar;
  /** A document of the grammar, tokenized with the real tokenizer and fed token by token. */
  readonly text: string;
  /** Token positions where the whole mask is compared with brute force. */
  readonly checkAt: (n: number) => number[];
}

const CASES: Case[] = [
  { name: "JSON on Llama-3", tokenizer: "llama3_1", grammar: JSON_GRAMMAR, text: '{"city": "Zürich", "n": [1, -2.5e3], "ok": true}', checkAt: (n) => [0, 4, n] },
  { name: "JSON on Qwen3", tokenizer: "qwen3", grammar: JSON_GRAMMAR, text: '[{"a": "x y"}, null, "日本語"]', checkAt: (n) => [1, 5, n] },
  { name: "a tool call with special tokens on Qwen3", tokenizer: "qwen3", grammar: toolGrammar("<tool_call>", "</tool_call>"), text: 'Sure<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}\n</tool_call>', checkAt: (n) => [0, 2, n - 3] },
  // Keys other than the declared ones (values: integers), some a declared name's prefix or extension.
  {
    name: "an object whose other keys exclude the declared ones, on Llama-3",
    tokenizer: "llama3_1",
    grammar: jsonSchemaToGrammar({ type: "object", properties: { port: { type: "string" }, portal: { type: "string" }, name: { type: "string" } }, additionalProperties: { type: "integer" } }),
    // Declared properties first (declared order), then the others.
    text: '{"port": "a", "name": "x", "porter": 2, "por": 3, "portal2": 4}',
    checkAt: () => [1, 2, 13, 14, 20, 26, 27],
  },
  // Counted patterns of single characters (classified through the repeat with its count), in
  // the items of a counted array (so the parser state around them differs from item to item).
  {
    name: "counted character patterns inside a counted array, on Llama-3",
    tokenizer: "llama3_1",
    grammar: jsonSchemaToGrammar({
      type: "array",
      maxItems: 5,
      items: { type: "object", properties: { name: { type: "string", pattern: "^[0-9a-zA-Z_-]{1,12}$" }, hex: { type: "string", pattern: "^[a-f0-9]{3}$" } }, required: ["name", "hex"], additionalProperties: false },
    }),
    text: '[{"name": "ab_c", "hex": "0f3"}, {"name": "column12", "hex": "abc"}, {"name": "x-Y", "hex": "999"}]',
    // Inside each name and hex, at the start, in the middle and at the end.
    checkAt: () => [5, 6, 7, 12, 13, 14, 20, 21, 22, 27, 33],
  },
  // A string looping on a class most tokens are not made of (identifier characters: a slice
  // of well under half the vocabulary), entered through a first character of its own.
  {
    name: "a pattern string looping on identifier characters, on Llama-3",
    tokenizer: "llama3_1",
    grammar: jsonSchemaToGrammar({ type: "object", properties: { id: { type: "string", pattern: "^[a-z][a-zA-Z0-9_-]*$" }, tag: { type: "string" } }, required: ["id", "tag"], additionalProperties: false }),
    text: '{"id": "abc_Def-9", "tag": "x"}',
    checkAt: () => [4, 5, 6, 7, 8],
  },
  // A pattern with two unbounded parts under a long length limit (`\S+@\S+` where `\S` takes
  // the `@` too): split on the position of the `@`, it would be 253 counted alternatives followed
  // at once, a mask step past its work budget; as one automaton it is deterministic.
  {
    name: "a two-part pattern under a long maxLength, on Llama-3",
    tokenizer: "llama3_1",
    grammar: jsonSchemaToGrammar({ type: "object", properties: { email: { type: "string", pattern: "^\\S+@\\S+$", minLength: 5, maxLength: 255 } }, required: ["email"], additionalProperties: false }),
    text: '{"email": "john.doe@example.com"}',
    checkAt: () => [4, 6, 8],
  },
  // Distinct enum values (a rule per set of values written) and counted items (an item either
  // counts or satisfies the complement), where a token may close one item and open the next.
  {
    name: "uniqueItems over an enum and maxContains, on Llama-3",
    tokenizer: "llama3_1",
    grammar: jsonSchemaToGrammar({
      type: "object",
      properties: { tags: { type: "array", items: { enum: ["red", "green", "blue"] }, uniqueItems: true }, ids: { type: "array", contains: { type: "integer" }, maxContains: 2 } },
      required: ["tags", "ids"],
      additionalProperties: false,
    }),
    text: '{"tags": ["blue", "red"], "ids": ["a", 1, "b", 2, "c"]}',
    checkAt: (n) => [5, 8, n - 6, n - 3],
  },
  { name: "a tool call with special tokens on Llama-3", tokenizer: "llama3_1", grammar: toolGrammar("<|start_header_id|>", "<|end_header_id|>"), text: '<|start_header_id|>\n{"name": "get_weather", "arguments": {"city": "Oslo", "unit": "fahrenheit"}}\n<|end_header_id|>', checkAt: (n) => [0, 12, n] },
];

describe.each(CASES)("engine masks on a real vocabulary: $name", (c) => {
  it("allow every token of a valid document, accept it, and equal brute force at sampled steps", async () => {
    const vocab = realVocabulary(c.tokenizer, { eosTokens: c.tokenizer === "qwen3" ? ["<|im_end|>", "<|endoftext|>"] : ["<|eot_id|>"] });
    const tokenizer = await loadTokenizer(c.tokenizer);
    const ids = tokenizer.encode(c.text, { add_special_tokens: false });
    const rec = new Recognizer(c.grammar);
    const m = new GrammarMatcher(compileGrammar(vocab, c.grammar));
    const mask = allocateTokenBitmask(vocab.vocabSize);
    const checks = new Set(c.checkAt(ids.length));
    const prefix: InputSymbol[] = [];
    const specials = new Map([...vocab.specialTokens].map(([text, id]) => [id, text]));
    for (let i = 0; i <= ids.length; i++) {
      m.fillNextTokenBitmask(mask);
      if (checks.has(i)) expect(allowedTokens(mask)).toEqual(bruteForce(vocab, rec, prefix));
      if (i === ids.length) {
        expect(mask[vocab.eosTokenIds[0]! >>> 5]! & (1 << (vocab.eosTokenIds[0]! & 31))).not.toBe(0);
        break;
      }
      const id = ids[i]!;
      expect(allowedTokens(mask)).toContain(id);
      expect(m.acceptToken(id)).toBe(true);
      const special = specials.get(id);
      prefix.push(...(special !== undefined ? [{ token: special }] : [...vocab.tokenBytes(id)]));
    }
  }, 120_000);
});
