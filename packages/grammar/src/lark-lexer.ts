import moo from "moo";
import { C_ESCAPES, DecodingLexer, type EscapeSyntax, type LexToken } from "./lexer-base.js";

/**
 * Tokens of the Lark subset llguidance reads and `printLark` writes. Directives (`%import`,
 * `%ignore`) change how Lark lexes, which a byte grammar cannot mirror, so they are refused.
 */
const rules: moo.Rules = {
  ws: { match: /[ \t\r\n\f\v]+/, lineBreaks: true },
  comment: /(?:\/\/|#)[^\n]*/,
  directive: /%[A-Za-z_]+/,
  ruleHead: { match: /[?!]?[_A-Za-z][_A-Za-z0-9-]*(?:\.-?[0-9]+)?[ \t]*:/ },
  angleIdToken: /<\[[0-9]+\]>/,
  angleToken: /<[^<>\s"\[\]]+>/,
  string: /"(?:[^"\\\n\r]|\\.)*"i?/,
  regex: /\/(?:[^/\\\n\r]|\\.)+\/[imsux]*/,
  range: /\{[ \t]*[0-9]*[ \t]*(?:,[ \t]*[0-9]*[ \t]*)?\}/,
  alias: /->[ \t]*[_A-Za-z][_A-Za-z0-9]*/,
  ident: /[_A-Za-z][_A-Za-z0-9-]*/,
  tilde: "~",
  lparen: "(",
  rparen: ")",
  lbracket: "[",
  rbracket: "]",
  pipe: "|",
  star: "*",
  plus: "+",
  question: "?",
  error: moo.error,
};

const STRING: EscapeSyntax = { simple: C_ESCAPES, braces: false, classShorthands: false };
const REGEX: EscapeSyntax = {
  simple: new Map([
    ["n", 10],
    ["t", 9],
    ["r", 13],
    ["f", 12],
    ["v", 11],
    ["0", 0],
    ...Array.from("\\/^$.*+?()[]{}|-&~#\" ", (c) => [c, c.charCodeAt(0)] as [string, number]),
  ]),
  braces: true,
  classShorthands: true,
};

export class LarkLexer extends DecodingLexer {
  constructor(private readonly tokenTexts?: ReadonlyMap<number, string>) {
    super(rules, new Set(["ws", "comment", "alias"]));
  }

  protected decode(tok: LexToken): void {
    switch (tok.type) {
      case "ruleHead": {
        const name = /[_A-Za-z][_A-Za-z0-9-]*/.exec(tok.text)![0];
        tok.decoded = { kind: "name", name };
        break;
      }
      case "string": {
        if (tok.text.endsWith("i")) this.fail('case-insensitive strings ("..."i) are not supported', tok.offset);
        tok.decoded = { kind: "text", text: this.decodeText(tok.text.slice(1, -1), tok.offset + 1, STRING) };
        break;
      }
      case "regex":
        this.decodeRegex(tok);
        break;
      case "angleToken":
        tok.decoded = { kind: "text", text: tok.text };
        break;
      case "angleIdToken": {
        const id = Number(tok.text.slice(2, -2));
        const text = this.tokenTexts?.get(id);
        if (text === undefined) this.fail(`token id ${id} has no known text: pass tokenTexts to parse <[id]> tokens`, tok.offset);
        tok.decoded = { kind: "text", text };
        break;
      }
      case "range":
        tok.decoded = this.decodeRange(tok, true);
        break;
      case "directive":
        this.fail(`directive ${tok.text} is not supported: it changes lexing in ways a byte grammar cannot mirror`, tok.offset);
        break;
      case "tilde":
        this.fail("repetition with ~ is not supported; write {m,n}", tok.offset);
        break;
      case "error":
        this.fail(`unexpected character ${JSON.stringify(String.fromCodePoint(tok.text.codePointAt(0)!))}`, tok.offset);
        break;
      default:
        break;
    }
  }

  /** Only a single bracket expression or `.` is a regex this subset can turn into a class. */
  private decodeRegex(tok: LexToken): void {
    const last = tok.text.lastIndexOf("/");
    const flags = tok.text.slice(last + 1);
    if (flags !== "") this.fail(`regex flags /${flags} are not supported`, tok.offset + last);
    const body = tok.text.slice(1, last);
    if (body === "." || body === "[\\s\\S]") {
      tok.decoded = body === "." ? { kind: "class", ranges: [[10, 10]], negated: true } : { kind: "class", ranges: [], negated: true };
      return;
    }
    if (!body.startsWith("[") || !body.endsWith("]") || /(?<!\\)\](?!$)/.test(body.slice(1, -1))) {
      this.fail("only single-class regexes like /[a-z]/ are supported", tok.offset);
    }
    tok.decoded = { kind: "class", ...this.decodeClass(tok.text, 1, last - 1, tok.offset, REGEX) };
  }
}
