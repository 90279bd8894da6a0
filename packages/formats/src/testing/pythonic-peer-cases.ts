// Situations the peers test for pythonic lists, shared by pythonic and llama4_pythonic (our own inputs).
import type { PeerCase } from "./peers.js";

/** Cases pythonic and llama4_pythonic share: the bare list. */
export const PYTHONIC_LIST_CASES: readonly PeerCase[] = [
  { it: "passes text through", text: "How may I assist?", content: "How may I assist?", calls: [] },
  { it: "reads single-quoted keyword arguments", text: "[forecast(town='Quito', scale='kelvin')]", content: null, calls: [["forecast", '{"town": "Quito", "scale": "kelvin"}']] },
  {
    it: "converts ints, dicts, None, True and lists to JSON",
    text: "[signup(handle='Bo Li', years=41, home={'town': 'Rome', 'zip': '00100'}, manager=None, verified=True, nicknames=['B', 'Bobo'])]",
    content: null,
    calls: [["signup", '{"handle": "Bo Li", "years": 41, "home": {"town":"Rome","zip":"00100"}, "manager": null, "verified": true, "nicknames": ["B","Bobo"]}']],
  },
  { it: "reads a call without arguments as {}", text: "[noop()]", content: null, calls: [["noop", "{}"]] },
  { it: "reads an empty dict", text: "[tweak(extra={})]", content: null, calls: [["tweak", '{"extra": {}}']] },
  { it: "reads an empty list", text: "[tweak(steps=[])]", content: null, calls: [["tweak", '{"steps": []}']] },
  { it: "reads escaped quotes of both kinds", text: String.raw`[forecast(town='Hawke\'s Bay', scale='\"weird\"')]`, content: null, calls: [["forecast", { town: "Hawke's Bay", scale: '"weird"' }]] },
  { it: "reads parallel calls", text: "[forecast(town='Quito', scale='kelvin'), signup(handle='Z', years=3)]", content: null, calls: [["forecast", { town: "Quito", scale: "kelvin" }], ["signup", { handle: "Z", years: 3 }]] },
  { it: "reads parallel calls without spaces", text: "[forecast(town='Quito',scale='kelvin'),signup(handle='Z',years=3)]", content: null, calls: [["forecast", { town: "Quito", scale: "kelvin" }], ["signup", { handle: "Z", years: 3 }]] },
  { it: "reads nested lists in arguments", text: "[forecast(town='Lima', hours=[6, 12, 18])]", content: null, calls: [["forecast", { town: "Lima", hours: [6, 12, 18] }]] },
  { it: "reads nested dicts and lists", text: "[calc(q='t', cfg={'opts': [1, 2], 'deep': {'k': 'v'}})]", content: null, calls: [["calc", { q: "t", cfg: { opts: [1, 2], deep: { k: "v" } } }]] },
  { it: "reads Python's other literal spellings", text: "[calc(a=-3, b=+2.50, c=1_000, e=.5, f=1e3, g=(1, 2), h=\"dq\", i='''tri''', j=r'\\d', k=u'ü', l=False, m=5.)]", content: null, calls: [["calc", '{"a": -3, "b": 2.50, "c": 1000, "e": 0.5, "f": 1e3, "g": [1,2], "h": "dq", "i": "tri", "j": "\\\\d", "k": "ü", "l": false, "m": 5.0}']] },
  { it: "joins adjacent string literals as Python does", text: "[calc(note='first half, ' \"second half\", pattern=r'\\d+' '$')]", content: null, calls: [["calc", { note: "first half, second half", pattern: "\\d+$" }]] },
  { it: "joins string literals split over lines", text: "[calc(note='one '\n     'two')]", content: null, calls: [["calc", { note: "one two" }]] },
  { it: "reads Python escapes", text: "[calc(s='a\\nb\\t\\x41\\u00e9\\U0001F600')]", content: null, calls: [["calc", { s: "a\nb\tAé😀" }]] },
  { it: "reads a trailing comma", text: "[calc(a=1, b=[1, 2,], c={'k': 1,},)]", content: null, calls: [["calc", { a: 1, b: [1, 2], c: { k: 1 } }]] },
  { it: "keeps text after the list", text: "[forecast(town='Lima')] Here is the forecast.", content: "Here is the forecast.", calls: [["forecast", { town: "Lima" }]] },
  // SGLang reads a second list after text; ours: the calls are the list that starts the output.
  { it: "keeps a second list after text as content", text: "[forecast(town='Lima')] and [calc(x=2)]", content: "and [calc(x=2)]", calls: [["forecast", { town: "Lima" }]] },
  // vLLM keeps the good sibling of an undeclared or unreadable call; ours: a failed first call makes the list content.
  { it: "keeps a list whose first call is undeclared as content", text: "[wipe(x=b'z'), forecast(town='Quito')]", content: "[wipe(x=b'z'), forecast(town='Quito')]", calls: [], errors: ["unknown_tool"] },
  { it: "keeps calls before a broken one", text: "[forecast(town='Quito'), calc(a='x 'y', b='z')]", content: ", calc(a='x 'y', b='z')]", calls: [["forecast", { town: "Quito" }]], errors: ["malformed_call"] },
  { it: "keeps a list with no readable call as content", text: "[calc(a='x 'y' 'z), calc(b='p 'q' 'r)]", content: "[calc(a='x 'y' 'z), calc(b='p 'q' 'r)]", calls: [], errors: ["malformed_call"] },
  { it: "keeps mismatched brackets as content", text: "[calc(x=1])]", content: "[calc(x=1])]", calls: [], errors: ["malformed_call"] },
  { it: "keeps a list cut off inside a nested list as content", text: "[forecast(town='Lima', hours=[1, 2", content: "[forecast(town='Lima', hours=[1, 2", calls: [], errors: ["truncated_call"] },
  { it: "refuses positional arguments", text: "[calc(1, 2)]", content: "[calc(1, 2)]", calls: [], errors: ["malformed_call"] },
  { it: "refuses expressions that are not literals", text: "[calc(a=float('nan'))]", content: "[calc(a=float('nan'))]", calls: [], errors: ["malformed_call"] },
  { it: "reads spaces around names, brackets and =", text: "  [ forecast( town = 'X' ) ]\n", content: null, calls: [["forecast", { town: "X" }]] },
  { it: "reads dict keys that are numbers and constants as Python's json does", text: "[calc(d={1: 'a', True: 'b', None: 'c'})]", content: null, calls: [["calc", '{"d": {"1":"a","true":"b","null":"c"}}']] },
];
