import { CallFailure, type Cursor, type Step } from "./cursor.js";

/**
 * Reads the rest of an XML-like start tag up to its `>`: `name="x" string="true">` (double,
 * single or no quotes). Returns the attributes; fails the call on anything else.
 */
export function* tagAttributes(c: Cursor): Step<Map<string, string>> {
  const start = c.pos;
  let quote = 0;
  for (;;) {
    // A `>` inside a quoted value does not end the tag.
    while (c.pos < c.length) {
      const ch = c.charCodeAt(c.pos);
      c.pos++;
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3e) return parseAttributes(c.slice(start, c.pos - 1));
      else if (ch === 0x3c || ch === 0x0a) throw new CallFailure("malformed_call", `a start tag is not closed (offset ${c.pos - 1})`);
    }
    if (c.done) throw new CallFailure("truncated_call", "the output ends inside a tool call");
    yield;
  }
}

const ATTRIBUTE = /\s*([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/y;

function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  let at = 0;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const m = ATTRIBUTE.exec(text);
    if (!m) break;
    out.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? "");
    at = ATTRIBUTE.lastIndex;
  }
  if (text.slice(at).trim() !== "") throw new CallFailure("malformed_call", `unreadable attributes: ${text.trim()}`);
  return out;
}

/**
 * Why `name` cannot be written as a double-quoted attribute value (`<parameter name="KEY">`), or
 * undefined: the value ends at the next `"`, and the formats that use this have no escapes.
 */
export function quotedAttributeProblem(name: string): string | undefined {
  return name.includes('"') ? 'a name written as name="…" cannot contain a double quote' : undefined;
}
