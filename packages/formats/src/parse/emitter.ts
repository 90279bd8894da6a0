import type { IdGenerator, ParseIssue, ParseIssueCode, ParseResult, ToolCall, ToolCallStreamEvent } from "../types.js";

/**
 * Turns what a format parser recognizes into stream events. Content and reasoning are trimmed as
 * they stream: leading whitespace is dropped and a whitespace run is held back until non-space
 * text follows it, so the concatenated deltas equal the trimmed non-streaming text.
 */
export class Emitter {
  events: ToolCallStreamEvent[] = [];
  private readonly content = new TrimmedText("content");
  private readonly reasoning = new TrimmedText("reasoning");
  private nextIndex = 0;

  constructor(
    /** Declared tool names; undefined accepts any name. */
    readonly toolNames: ReadonlySet<string> | undefined,
    private readonly ids: IdGenerator,
  ) {}

  text(text: string): void {
    this.content.push(text, this.events);
  }

  thought(text: string): void {
    this.reasoning.push(text, this.events);
  }

  /** Starts recognizing a call whose text begins at `start`; nothing is emitted until it is named. */
  call(start: number): CallBuilder {
    return new CallBuilder(this, start);
  }

  /** @internal */
  announce(name: string, explicitId: string | undefined): { index: number; id: string } {
    const index = this.nextIndex++;
    const id = explicitId ?? this.ids(index, name);
    this.events.push({ type: "tool_call_start", index, id, name });
    return { index, id };
  }

  /** Takes the events produced since the last call, merging neighbours of the same kind. */
  drain(): ToolCallStreamEvent[] {
    const out: ToolCallStreamEvent[] = [];
    for (const e of this.events) {
      const last = out[out.length - 1];
      if (last && last.type === e.type && (e.type === "content" || e.type === "reasoning")) {
        out[out.length - 1] = { type: e.type, text: (last as { text: string }).text + e.text };
      } else if (last && last.type === "tool_call_delta" && e.type === "tool_call_delta" && last.index === e.index) {
        out[out.length - 1] = { type: "tool_call_delta", index: e.index, arguments: last.arguments + e.arguments };
      } else {
        out.push(e);
      }
    }
    this.events = [];
    return out;
  }
}

class TrimmedText {
  private started = false;
  private pendingSpace = "";
  constructor(private readonly kind: "content" | "reasoning") {}

  push(text: string, events: ToolCallStreamEvent[]): void {
    if (!this.started) {
      text = text.trimStart();
      if (text === "") return;
      this.started = true;
    }
    const body = text.trimEnd();
    if (body === "") {
      this.pendingSpace += text;
      return;
    }
    events.push({ type: this.kind, text: this.pendingSpace + body });
    this.pendingSpace = text.slice(body.length);
  }
}

/** One call being recognized: named once, fed argument fragments, then finished or failed. */
export class CallBuilder {
  private name: string | undefined;
  private id = "";
  private index: number | null = null;
  private args = "";

  constructor(
    private readonly emitter: Emitter,
    /** Offset in the model text where the call's markup starts. */
    readonly start: number,
  ) {}

  get named(): boolean {
    return this.name !== undefined;
  }

  /** True when `name` may be called (it is declared, or no tools were given). */
  known(name: string): boolean {
    return this.emitter.toolNames === undefined || this.emitter.toolNames.has(name);
  }

  /** Names the call and announces it; argument fragments given earlier follow at once. */
  setName(name: string, id?: string): void {
    this.name = name;
    const { index, id: assigned } = this.emitter.announce(name, id);
    this.index = index;
    this.id = assigned;
    if (this.args !== "") this.emitter.events.push({ type: "tool_call_delta", index, arguments: this.args });
  }

  /** Appends to the arguments string (streamed once the call is named). */
  arg(fragment: string): void {
    if (fragment === "") return;
    this.args += fragment;
    if (this.index !== null) this.emitter.events.push({ type: "tool_call_delta", index: this.index, arguments: fragment });
  }

  finish(): ToolCall {
    const call: ToolCall = { id: this.id, type: "function", function: { name: this.name!, arguments: this.args } };
    this.emitter.events.push({ type: "tool_call_end", index: this.index!, call });
    return call;
  }

  /** Withdraws the call: reports the issue and hands its raw text to content. */
  fail(code: ParseIssueCode, message: string, rawText: string): void {
    const issue: ParseIssue = { code, message, offset: this.start, text: rawText };
    this.emitter.events.push({ type: "tool_call_error", index: this.index, issue });
    this.emitter.text(rawText);
  }
}

/** Folds stream events into the non-streaming result. */
export function collectEvents(events: Iterable<ToolCallStreamEvent>): ParseResult {
  let content = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  const errors: ParseIssue[] = [];
  for (const e of events) {
    if (e.type === "content") content += e.text;
    else if (e.type === "reasoning") reasoning += e.text;
    else if (e.type === "tool_call_end") toolCalls.push(e.call);
    else if (e.type === "tool_call_error") errors.push(e.issue);
  }
  return { content: content === "" ? null : content, ...(reasoning !== "" ? { reasoning } : {}), toolCalls, errors };
}
