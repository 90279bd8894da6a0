// `stop` strings over the content of a response. They are checked on the text the parser reports
// as content, never on the raw output: a stop string that occurs inside a tool call's arguments
// (or inside reasoning) does not cut the call. Content that could be the start of a stop string is
// held back until it is known not to be one, so a streamed stop string never leaks.

export class StopStringFilter {
  private readonly stops: readonly string[];
  private held = "";
  /** True once a stop string was seen: nothing more is emitted. */
  stopped = false;

  constructor(stops: readonly string[]) {
    this.stops = stops;
  }

  get active(): boolean {
    return this.stops.length > 0;
  }

  /** Content text in; the part that is certainly not (the start of) a stop string out. */
  push(text: string): string {
    if (this.stopped) return "";
    if (this.stops.length === 0) return text;
    const all = this.held + text;
    let cut = -1;
    for (const s of this.stops) {
      const at = all.indexOf(s);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      this.stopped = true;
      this.held = "";
      return all.slice(0, cut);
    }
    let keep = 0;
    for (const s of this.stops) {
      for (let n = Math.min(s.length - 1, all.length); n > keep; n--) {
        if (all.endsWith(s.slice(0, n))) {
          keep = n;
          break;
        }
      }
    }
    this.held = all.slice(all.length - keep);
    return all.slice(0, all.length - keep);
  }

  /** The held text, once generation has ended without completing a stop string. */
  flush(): string {
    const rest = this.stopped ? "" : this.held;
    this.held = "";
    return rest;
  }
}
