import { fullMatchLanguage, type Rx } from "./regex.js";

/**
 * String formats as regular expressions written for this compiler. Each accepts a subset of
 * what ajv-formats (full mode, which `validateArguments` uses) accepts, and the usual spellings
 * of each format; where a format's full language is not regular or not worth its size, the
 * subset is documented next to it. The grammar never accepts a string ajv-formats rejects.
 */
const DEC_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = `${DEC_OCTET}(?:\\.${DEC_OCTET}){3}`;
const H16 = "[0-9A-Fa-f]{1,4}";
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
// RFC 3986 section 3.2.2, IPv6address: the nine shapes of "::" compression.
const IPV6 = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
]
  .map((s) => `(?:${s})`)
  .join("|");

// Calendar dates with the right number of days per month, February 29 only in leap years.
const YEAR = "[0-9]{4}";
const LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26]|00)00)";
const DATE = [
  `${YEAR}-(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])`,
  `${YEAR}-(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)`,
  `${YEAR}-02-(?:0[1-9]|1[0-9]|2[0-8])`,
  `${LEAP_YEAR}-02-29`,
]
  .map((s) => `(?:${s})`)
  .join("|");
// Leap seconds (:60) are left out: ajv-formats accepts them only at 23:59 UTC.
const PARTIAL_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?";
const OFFSET = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])";
const TIME = `${PARTIAL_TIME}${OFFSET}`;
// ajv-formats splits date and time at "T", "t" or whitespace; the space is common in the wild.
const DATE_TIME = `(?:${DATE})[Tt ]${TIME}`;

const DURATION_DATE = "(?:[0-9]+Y(?:[0-9]+M)?(?:[0-9]+D)?|[0-9]+M(?:[0-9]+D)?|[0-9]+D)";
const DURATION_TIME = "T(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+S)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)";
const DURATION = `P(?:${DURATION_DATE}(?:${DURATION_TIME})?|${DURATION_TIME}|[0-9]+W)`;

const EMAIL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const EMAIL = `${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*@(?:${LABEL}\\.)+${LABEL}`;

// ajv-formats limits a hostname to 253 characters with a lookahead; without lookahead this
// keeps to a first label of up to 63 characters and up to 7 more of up to 23 (at most 232).
const HOST_LABEL = (max: number): string => `[A-Za-z0-9](?:[A-Za-z0-9-]{0,${max - 2}}[A-Za-z0-9])?`;
const HOSTNAME = `${HOST_LABEL(63)}(?:\\.${HOST_LABEL(23)}){0,7}\\.?`;

// RFC 3986 URIs. IP-literal hosts ([v6]) are left out.
const UNRESERVED = "A-Za-z0-9._~\\-";
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = "%[0-9A-Fa-f]{2}";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const PCHAR_NC = `(?:[${UNRESERVED}${SUB_DELIMS}@]|${PCT})`;
const SEGMENT = `${PCHAR}*`;
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*(?::[0-9]*)?`;
const PATH_ABEMPTY = `(?:/${SEGMENT})*`;
const PATH_ABSOLUTE = `/(?:${PCHAR}+(?:/${SEGMENT})*)?`;
const PATH_ROOTLESS = `${PCHAR}+(?:/${SEGMENT})*`;
const PATH_NOSCHEME = `${PCHAR_NC}+(?:/${SEGMENT})*`;
const QUERY = `(?:\\?(?:${PCHAR}|[/?])*)?`;
const FRAGMENT = `(?:#(?:${PCHAR}|[/?])*)?`;
const SCHEME = "[A-Za-z][A-Za-z0-9+.-]*";
// ajv-formats requires a non-empty hier-part.
const URI = `${SCHEME}:(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_ROOTLESS})${QUERY}${FRAGMENT}`;
const RELATIVE_REF = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_NOSCHEME})?${QUERY}${FRAGMENT}`;
const URI_REFERENCE = `(?:${URI})|(?:${RELATIVE_REF})`;

// ajv-formats' "url": http(s)/ftp with a domain name (ASCII here) and a letter TLD, or a public IPv4.
const URL_LABEL = "[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*";
const URL = `(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://${URL_LABEL}(?:\\.${URL_LABEL})*\\.[A-Za-z]{2,}(?::[0-9]{2,5})?(?:/\\S*)?`;

const HEX = "[0-9A-Fa-f]";
const UUID = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
const URI_TEMPLATE_VAR = `(?:[A-Za-z0-9_]|${PCT})+(?::[1-9][0-9]{0,3}|\\*)?`;
const URI_TEMPLATE = `(?:[^\\x00-\\x20"'<>%\\\\^\`{|}]|${PCT}|\\{[+#./;?&=,!@|]?${URI_TEMPLATE_VAR}(?:,${URI_TEMPLATE_VAR})*\\})*`;
const JSON_POINTER = "(?:/(?:[^~/]|~0|~1)*)*";
const BASE64 = "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?";
// ajv-formats tests "byte" with the multiline flag: some line must be base64. Besides plain
// base64 this accepts PEM-style text: armor lines, lines of the base64 alphabet, and at least
// one line that is base64 on its own.
const B64_ALPHABET_LINE = "[A-Za-z0-9+/=]*";
const PEM_ARMOR = "-----[A-Z0-9 ]+-----";
const BYTE = `(?:${PEM_ARMOR}\r?\n)?(?:${B64_ALPHABET_LINE}\r?\n)*${BASE64}(?:\r?\n${B64_ALPHABET_LINE})*(?:\r?\n${PEM_ARMOR})?(?:\r?\n)?`;

// Regular expressions that \`new RegExp(s, "u")\` (ajv-formats' "regex" check) always accepts:
// literal characters, escapes, classes with the usual ranges, quantifiers whose bounds are in
// order by construction, and groups nested two deep.
const RX_CHAR = "[A-Za-z0-9 _:;'\"<>!@#%&=~\`,/\\-]";
const RX_ESCAPE = "\\\\[dDwWsS^$\\\\.*+?()[\\]{}|/]";
const RX_CLASS_ITEM = "(?:[A-Za-z0-9 _:;'\"<>!@#%&=~\`,./*+?(){}|$]|\\\\[dDwWsS\\-\\\\\\]\\[^]|a-z|A-Z|0-9|a-f|A-F)";
const RX_CLASS = `\\[\\^?${RX_CLASS_ITEM}+\\]`;
const RX_QUANT = "(?:[*+?]|\\{[0-9]{1,2},?\\}|\\{0,[1-9][0-9]?\\}|\\{[1-9],[1-9][0-9]\\})\\??";
const RX_ATOM0 = `(?:${RX_CHAR}|${RX_ESCAPE}|\\.|${RX_CLASS})`;
const RX_GROUP = (atom: string): string => `\\((?:\\?:)?(?:${atom}(?:${RX_QUANT})?)*(?:\\|(?:${atom}(?:${RX_QUANT})?)*)*\\)`;
const RX_ATOM1 = `(?:${RX_ATOM0}|${RX_GROUP(RX_ATOM0)})`;
const RX_ATOM2 = `(?:${RX_ATOM0}|${RX_GROUP(RX_ATOM1)})`;
const REGEX = `\\^?(?:${RX_ATOM2}(?:${RX_QUANT})?)*(?:\\|(?:${RX_ATOM2}(?:${RX_QUANT})?)*)*\\$?`;

/** Formats whose strings the grammar enforces, by name. */
const STRING_FORMATS: Record<string, string> = {
  date: DATE,
  time: TIME,
  "date-time": DATE_TIME,
  "iso-time": `${PARTIAL_TIME}${OFFSET}?`,
  "iso-date-time": `(?:${DATE})[Tt ]${PARTIAL_TIME}${OFFSET}?`,
  duration: DURATION,
  email: EMAIL,
  hostname: HOSTNAME,
  ipv4: IPV4,
  ipv6: IPV6,
  uri: URI,
  "uri-reference": URI_REFERENCE,
  "uri-template": URI_TEMPLATE,
  url: URL,
  uuid: UUID,
  "json-pointer": JSON_POINTER,
  "json-pointer-uri-fragment": `#(?:/(?:[A-Za-z0-9_\\-.!$&'()*+,;:=@]|${PCT}|~0|~1)*)*`,
  "relative-json-pointer": `(?:0|[1-9][0-9]*)(?:#|${JSON_POINTER})`,
  byte: BYTE,
  regex: REGEX,
};

/** Formats that do not constrain strings at all. */
const FREE_STRING_FORMATS = new Set(["password", "binary"]);

/** Formats that ajv-formats applies to numbers. */
export const NUMBER_FORMATS: Record<string, { integer: boolean; min?: number; max?: number }> = {
  int32: { integer: true, min: -(2 ** 31), max: 2 ** 31 - 1 },
  // ajv-formats only asks for a finite integer; the grammar keeps to the 64-bit range.
  int64: { integer: true, min: -(2 ** 63), max: 2 ** 63 - 1 },
  float: { integer: false },
  double: { integer: false },
};

const cache = new Map<string, Rx>();

/** What a `format` value means to the compiler. */
export type FormatKind = "string" | "free" | "number" | "unknown";

export function formatKind(name: string): FormatKind {
  if (name in STRING_FORMATS) return "string";
  if (FREE_STRING_FORMATS.has(name)) return "free";
  if (name in NUMBER_FORMATS) return "number";
  return "unknown";
}

/** The language of a string format (see {@link formatKind}). */
export function formatLanguage(name: string): Rx {
  let rx = cache.get(name);
  if (!rx) {
    rx = fullMatchLanguage(STRING_FORMATS[name]!);
    cache.set(name, rx);
  }
  return rx;
}

/** Names of the string formats the grammar enforces, for documentation and tests. */
export const STRING_FORMAT_NAMES: readonly string[] = Object.keys(STRING_FORMATS);
