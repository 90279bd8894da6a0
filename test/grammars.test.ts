import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEbnf, printEbnf, grammarEquals, Recognizer } from "@toolmask/grammar";
import { INVALID_JSON, VALID_JSON } from "./conformance/json-rfc8259.js";

const load = (name: string): Recognizer => new Recognizer(parseEbnf(readFileSync(new URL(`../grammars/${name}`, import.meta.url))));

describe("grammars/json.ebnf", () => {
  const json = load("json.ebnf");

  it.each(VALID_JSON.map((s) => [s]))("accepts the valid document %j", (doc) => {
    expect(json.accepts(doc)).toBe(true);
  });

  it.each(INVALID_JSON.map((s) => [s]))("rejects the invalid document %j", (doc) => {
    expect(json.accepts(doc)).toBe(false);
  });

  it("agrees with JSON.parse on what it accepts", () => {
    for (const doc of VALID_JSON) expect(() => JSON.parse(doc)).not.toThrow();
    for (const doc of INVALID_JSON) expect(() => JSON.parse(doc)).toThrow();
  });
});

describe("grammars/arith.ebnf", () => {
  const arith = load("arith.ebnf");
  it.each([["1"], ["1 + 2 * 3"], ["(1.5 - -2) / 4"], [" ((7)) "], ["10*(2+3)-4/5"]])("accepts %j", (s) => expect(arith.accepts(s)).toBe(true));
  it.each([[""], ["1 +"], ["(1"], ["1 2"], ["1.2.3"], ["* 3"], ["1 ++ 2"]])("rejects %j", (s) => expect(arith.accepts(s)).toBe(false));
});

describe("grammars/csv.ebnf", () => {
  const csv = load("csv.ebnf");
  it.each([["a,b,c"], ["a,b\r\n1,2\r\n"], ['"x, y","say ""hi""",3\n'], ['"multi\nline",x'], [",,"], [""]])("accepts %j", (s) => expect(csv.accepts(s)).toBe(true));
  it.each([['"unclosed'], ['a"b'], ['"a"b'], ['"a""']])("rejects %j", (s) => expect(csv.accepts(s)).toBe(false));
});

describe("grammars/sql-select.ebnf", () => {
  const sql = load("sql-select.ebnf");
  it.each([
    ["SELECT * FROM users"],
    ["SELECT id, u.name AS n FROM users WHERE age >= 18 AND name <> 'O''Brien' ORDER BY id DESC, n LIMIT 10;"],
    ["SELECT a FROM t WHERE x = -1.5"],
  ])("accepts %j", (s) => expect(sql.accepts(s)).toBe(true));
  it.each([["SELECT FROM t"], ["SELECT * FROM"], ["SELECT * FROM t WHERE"], ["SELECT * FROM t LIMIT x"], ["select * from t"], ["SELECT * FROM t WHERE a = 'x"]])("rejects %j", (s) =>
    expect(sql.accepts(s)).toBe(false),
  );
});

describe("grammars/ print and parse back unchanged", () => {
  it.each([["json.ebnf"], ["arith.ebnf"], ["csv.ebnf"], ["sql-select.ebnf"]])("%s", (name) => {
    const g = parseEbnf(readFileSync(new URL(`../grammars/${name}`, import.meta.url), "utf8"));
    expect(grammarEquals(parseEbnf(printEbnf(g)), g)).toBe(true);
  });
});
