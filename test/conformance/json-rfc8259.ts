// JSON conformance vectors written from RFC 8259, section by section. Each invalid document
// breaks exactly one rule, named beside it.

export const VALID_JSON: readonly string[] = [
  // §2 JSON text: any value at the top, whitespace around it
  "{}",
  "[]",
  "0",
  '"x"',
  "null",
  "true",
  "false",
  " \t\n\r42 \r\n",
  // §4 objects
  '{"a":1}',
  '{ "a" : 1 , "b" : [ ] }',
  '{"":0}',
  '{"a":{"b":{"c":null}}}',
  '{"dup":1,"dup":2}',
  // §5 arrays
  "[1,2,3]",
  '[ 1 , "a" , null , true , false , { } , [ ] ]',
  "[[[[[]]]]]",
  // §6 numbers
  "-0",
  "1.5",
  "-1.0e-5",
  "1E+2",
  "1e2",
  "0.000",
  "123456789012345678901234567890",
  "-9.87654321E-300",
  // §7 strings
  '""',
  '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
  '"\\u00e9\\u00E9"',
  '"\\ud83d\\ude00"',
  '"\\u0000"',
  '"é日本😀"',
  '"\u007f"',
  '"a/b"',
  '"\\uDEAD"',
];

export const INVALID_JSON: readonly string[] = [
  "", // §2: a JSON text is a value, not nothing
  " ", // §2: whitespace alone
  "{}}", // §2: one value only
  "[] []", // §2: one value only
  "01", // §6: no leading zeros
  "+1", // §6: no plus sign
  "1.", // §6: a fraction needs digits
  ".5", // §6: an int part is required
  "1e", // §6: an exponent needs digits
  "1e1.5", // §6: exponent digits only
  "--1", // §6: one minus
  "-", // §6: minus alone
  "0x10", // §6: no hex
  "NaN", // §6: not a number literal
  "Infinity", // §6
  "[1,]", // §5: no trailing comma
  "[,1]", // §5: no leading comma
  "[1 2]", // §5: commas separate values
  "[", // §5: unclosed
  "]", // §5
  '{"a":1,}', // §4: no trailing comma
  "{a:1}", // §4: names are strings
  '{"a" 1}', // §4: name separator required
  "{,}", // §4
  '{"a":}', // §4: a value is required
  "'a'", // §7: double quotes only
  '"\\x41"', // §7: no \x escape
  '"\\u12"', // §7: \u takes four hex digits
  '"\\a"', // §7: unknown escape
  '"tab\there"', // §7: control characters must be escaped
  '"line\nbreak"', // §7
  '"unterminated', // §7
  '"a\\"', // §7: the closing quote is escaped
  '""""', // §2: two strings
  "tru", // §3: literal names in full
  "nul", // §3
  "TRUE", // §3: lower case
  "True", // §3
];
