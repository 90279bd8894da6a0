import moo from "moo";
import { C_ESCAPES, DecodingLexer, type EscapeSyntax, type LexToken } from "./lexer-base.js";

/**
 * Tokens of the XGrammar / GBNF EBNF dialect. A rule head (`name ::=`) is one token so the
 * parser knows where a rule ends without caring about newlines.
 */
const rules: moo.Rules = {
  ws: { match: /[ \t\r\n\f\v]+/, lineBreaks: true },
  comment: /#[^\n]*/,
  ruleHead: { match: /[A-Za-z_][A-Za-z0-9_.-]*[ \t\r\n]*::=/, lineBreaks: true },
  tokenMacro: /Token\([ \t]*"(?:[^"\\\n\r]|\\.)*"[ \t]*\)/,
  angleToken: /<[^<>\s"]+>/,
  string: /"(?:[^"\\\n\r]|\\.)*"/,
  charClass: /\[(?:[^\]\\\n\r]|\\.)*\]/,
  range: /\{[ \t]*[0-9]+[ \t]*(?:,[ \t]*[0-9]*[ \t]*)?\}/,
  ident: /[A-Za-z_][A-Za-z0-9_.-]*/,
  lookahead: "(=",
  negatedToken: /!<[^<>\s]*>/,
  dot: ".",
  lparen: "(",
  rparen: ")",
  pipe: "|",
  star: "*",
  plus: "+",
  question: "?",
  badString: /"(?:[^"\\\n\r]|\\.)*/,
  badClass: /\[(?:[^\]\\\n\r]|\\.)*/,
  badRange: /\{[^}\n]*\}?/,
  error: moo.error,
};

const STRING: EscapeSyntax = { simple: C_ESCAPES, braces: false, classShorthands: false };
const CLASS: EscapeSyntax = {
  simple: new Map([...C_ESCAPES, ...Array.from("^$.*+()[]{}|-", (c) => [c, c.charCodeAt(0)] as [string, number])]),
  braces: false,
  classShorthands: true,
};

export class EbnfLexer extends DecodingLexer {
  constructor() {
    super(rules, new Set(["ws", "comment"]));
  }

  protected decode(tok: LexToken): void {
    switch (tok.type) {
      case "ruleHead":
        tok.decoded = { kind: "name", name: /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(tok.text)![0] };
        break;
      case "string":
        tok.decoded = { kind: "text", text: this.decodeText(tok.text.slice(1, -1), tok.offset + 1, STRING) };
        break;
      case "tokenMacro": {
        const open = tok.text.indexOf('"');
        const close = tok.text.lastIndexOf('"');
        const text = this.decodeText(tok.text.slice(open + 1, close), tok.offset + open + 1, STRING);
        if (text === "") this.fail('Token("") needs the text of a special token', tok.offset);
        tok.decoded = { kind: "text", text };
        break;
      }
      case "angleToken":
        tok.decoded = { kind: "text", text: tok.text };
        break;
      case "charClass":
        tok.decoded = { kind: "class", ...this.decodeClass(tok.text, 0, tok.text.length - 1, tok.offset, CLASS) };
        break;
      case "range":
        tok.decoded = this.decodeRange(tok, false);
        break;
      case "lookahead":
        this.fail("lookahead assertions (= ...) are not supported", tok.offset);
        break;
      case "negatedToken":
        this.fail(`negated tokens (${tok.text}) are not supported`, tok.offset);
        break;
      case "badString":
        this.fail("unterminated string literal (strings end on the same line)", tok.offset);
        break;
      case "badClass":
        this.fail("unterminated character class", tok.offset);
        break;
      case "badRange":
        this.fail(`malformed repetition range ${JSON.stringify(tok.text)}; expected {m}, {m,} or {m,n}`, tok.offset);
        break;
      case "error":
        this.fail(`unexpected character ${JSON.stringify(String.fromCodePoint(tok.text.codePointAt(0)!))}`, tok.offset);
        break;
      default:
        break;
    }
  }
}
