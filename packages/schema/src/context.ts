import { SchemaBudgetError, UnsupportedSchemaError, type SchemaPointer, type SchemaWarning } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import type { SchemaDocument } from "./schema-document.js";

/** State shared by the stages of one compilation: the document, options, warnings and the work budget. */
export class CompileContext {
  readonly warnings: SchemaWarning[] = [];
  private readonly warned = new Set<string>();
  private work = 0;
  private depth = 0;

  constructor(
    readonly doc: SchemaDocument,
    readonly options: ResolvedOptions,
  ) {}

  /**
   * Reports a keyword the grammar cannot enforce. Throws {@link UnsupportedSchemaError} unless
   * compiling leniently, where it records a warning and returns so the caller can fall back
   * to a superset.
   */
  unsupported(pointer: SchemaPointer, keyword: string, reason: string): void {
    if (!this.options.lenient) throw new UnsupportedSchemaError(pointer, keyword, reason);
    this.warn({ code: "unsupported_schema", pointer, keyword, message: `${pointer}: ${reason}; the grammar accepts a superset here` });
  }

  warn(w: SchemaWarning): void {
    const key = `${w.code}|${w.pointer}|${w.keyword}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(w);
  }

  /**
   * Enters a subschema compiled inside the ones being compiled (a property's value, an `anyOf`
   * branch, a `$ref` target); pair with {@link leave}. Past the depth budget, a
   * {@link SchemaBudgetError} naming it: deeper nesting would exhaust the call stack.
   */
  enter(pointer: SchemaPointer): void {
    if (this.depth >= this.options.budget.depth) {
      throw new SchemaBudgetError(pointer, `depth ${this.options.budget.depth}`, "subschemas nest too deeply to compile");
    }
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  /** Counts `units` of work against the budget. */
  spend(units: number, pointer: SchemaPointer): void {
    this.work += units;
    if (this.work > this.options.budget.work) {
      throw new SchemaBudgetError(pointer, `work ${this.options.budget.work}`, "compiling this schema takes too much work");
    }
  }
}
