import { describe, expect, it } from "vitest";
import { Recognizer } from "@toolmask/grammar";
import { STRING_FORMAT_NAMES, jsonSchemaToGrammar, validateArguments } from "@toolmask/schema";

/** Values a model would typically write, which the format's grammar must accept. */
const ACCEPTED: Record<string, string[]> = {
  date: ["2024-02-29", "2023-12-31", "0001-01-01", "2000-02-29"],
  time: ["12:30:00Z", "23:59:59.999+05:30", "00:00:00-08:00"],
  "date-time": ["2024-01-15T10:30:00Z", "2024-01-15T10:30:00.123+02:00", "2024-01-15 10:30:00Z", "2024-01-15t10:30:00z"],
  "iso-time": ["12:30:00", "12:30:00Z"],
  "iso-date-time": ["2024-01-15T10:30:00", "2024-01-15T10:30:00+01:00"],
  duration: ["P1Y2M3D", "PT1H30M", "P3W", "P1DT12H", "PT0S"],
  email: ["john.doe@example.com", "a+b@sub.example.co.uk", "x_y@host-1.io"],
  hostname: ["example.com", "a-b.c.d", "localhost", "xn--80ak6aa92e.com."],
  ipv4: ["192.168.0.1", "0.0.0.0", "255.255.255.255"],
  ipv6: ["::1", "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.128", "1:2:3:4:5:6:7:8"],
  uri: ["https://example.com/path?q=1#frag", "mailto:john@example.com", "urn:isbn:0451450523", "ftp://user:pw@host:21/dir/"],
  "uri-reference": ["/relative/path", "../up", "https://example.com", "#fragment", ""],
  "uri-template": ["https://example.com/{id}", "/users{?page,size}"],
  url: ["https://example.com/path", "http://sub.example.org:8080/a?b=c"],
  uuid: ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"],
  "json-pointer": ["", "/a/b", "/a~1b/c~0d"],
  "json-pointer-uri-fragment": ["#", "#/a/b%20c"],
  "relative-json-pointer": ["0", "1/a", "2#"],
  byte: ["", "SGVsbG8=", "YWJj", "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n"],
  regex: ["^[a-z]+$", "^[a-zA-Z0-9_]{3,16}$", "(foo|bar)\\d*", "a.b?c*"],
};

/** Strings ajv-formats refuses, which the grammar must refuse too. */
const REJECTED: Record<string, string[]> = {
  date: ["2023-02-29", "2024-13-01", "2024-04-31", "24-01-01"],
  time: ["24:00:00Z", "12:60:00Z", "12:30:00"],
  "date-time": ["2024-01-15", "2024-01-15T25:00:00Z", "2024-02-30T10:00:00Z"],
  duration: ["P", "PT", "1Y", "P1YT"],
  email: ["plainaddress", "@example.com", "a@b", "a..b@example.com"],
  hostname: ["-bad.com", "a_b.com", "ex ample.com"],
  ipv4: ["256.0.0.1", "1.2.3", "01.2.3.4"],
  ipv6: ["1:2:3:4:5:6:7:8:9", ":::", "12345::"],
  uri: ["/relative", "no-scheme", "https://exa mple.com"],
  uuid: ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"],
  regex: ["(", "[a", "a{2,1}"],
};

const recognizerFor = (format: string): Recognizer => new Recognizer(jsonSchemaToGrammar({ type: "string", format }, { whitespace: "compact" }));

describe("string formats", () => {
  it("covers every format the compiler enforces", () => {
    expect(Object.keys(ACCEPTED).sort()).toEqual([...STRING_FORMAT_NAMES].sort());
  });

  describe.each(Object.entries(ACCEPTED))("%s", (format, values) => {
    const r = recognizerFor(format);
    it.each(values.map((v) => [v]))("accepts %j, which ajv-formats also accepts", (v) => {
      expect(validateArguments({ parameters: { type: "string", format } }, JSON.stringify(v)).valid).toBe(true);
      expect(r.accepts(JSON.stringify(v))).toBe(true);
    });
    it.each((REJECTED[format] ?? []).map((v) => [v]))("rejects %j, which ajv-formats rejects", (v) => {
      expect(validateArguments({ parameters: { type: "string", format } }, JSON.stringify(v)).valid).toBe(false);
      expect(r.accepts(JSON.stringify(v))).toBe(false);
    });
  });

  it("keeps int32 in range and int64 finite and integral", () => {
    const r32 = new Recognizer(jsonSchemaToGrammar({ type: "integer", format: "int32" }));
    expect(r32.accepts("2147483647")).toBe(true);
    expect(r32.accepts("2147483648")).toBe(false);
    expect(r32.accepts("-2147483648")).toBe(true);
    const r64 = new Recognizer(jsonSchemaToGrammar({ type: "number", format: "int64" }));
    expect(r64.accepts("12")).toBe(true);
    expect(r64.accepts("1.5")).toBe(false);
  });
});
