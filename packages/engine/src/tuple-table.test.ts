import { describe, expect, it } from "vitest";
import { PairMap, TupleTable } from "./tuple-table.js";

/** A deterministic stream of small integers (tuples collide often, as grammar structure does). */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield (x >>> 8) % 50 - 5;
  }
}

describe("TupleTable", () => {
  it("gives equal tuples equal ids and different tuples different ids, through growth", () => {
    const table = new TupleTable();
    const reference = new Map<string, number>();
    const gen = numbers(7);
    for (let i = 0; i < 20_000; i++) {
      const len = gen.next().value % 6 + 5; // 0..10 items
      const tuple = Array.from({ length: Math.max(0, len) }, () => gen.next().value);
      const at = table.open();
      for (const x of tuple) table.push(x);
      const id = table.close(at);
      const key = tuple.join(",") + "/" + tuple.length;
      const known = reference.get(key);
      if (known === undefined) {
        expect(id).toBe(reference.size);
        reference.set(key, id);
      } else {
        expect(id).toBe(known);
      }
    }
    expect(table.size).toBe(reference.size);
  });

  it("builds tuples inside one another", () => {
    const table = new TupleTable();
    const leaf = (x: number): number => {
      const at = table.open();
      table.push(1);
      table.push(x);
      return table.close(at);
    };
    const outer = (): number => {
      const at = table.open();
      table.push(2);
      table.push(leaf(10));
      table.push(leaf(20));
      return table.close(at);
    };
    const a = outer();
    const b = outer();
    expect(a).toBe(b);
    const at = table.open();
    table.push(2);
    table.push(leaf(10));
    table.push(leaf(20));
    expect(table.close(at)).toBe(a);
    // (1,10), (1,20), (2,·,·): three tuples.
    expect(table.size).toBe(3);
  });

  it("tells a prefix from the whole tuple, and looks up without inserting", () => {
    const table = new TupleTable();
    const make = (xs: number[], insert = true): number => {
      const at = table.open();
      for (const x of xs) table.push(x);
      return table.close(at, insert);
    };
    const ab = make([1, 2]);
    expect(make([1])).not.toBe(ab);
    expect(make([1, 2, 0])).not.toBe(ab);
    expect(make([3, 4], false)).toBe(-1);
    expect(make([1, 2], false)).toBe(ab);
    expect(table.size).toBe(3);
    expect(table.text("x")).toBe(table.text("x"));
    expect(table.text("y", false)).toBe(-1);
  });
});

describe("PairMap", () => {
  it("agrees with a Map on pairs, negative keys included, through growth", () => {
    const map = new PairMap();
    const reference = new Map<string, number>();
    const gen = numbers(3);
    for (let i = 0; i < 50_000; i++) {
      const a = gen.next().value * 1000 + gen.next().value;
      const b = gen.next().value;
      const key = `${a},${b}`;
      const known = reference.get(key);
      expect(map.get(a, b)).toBe(known ?? -1);
      if (known === undefined) {
        map.add(a, b, i);
        reference.set(key, i);
      }
    }
    expect(map.size).toBe(reference.size);
  });

  it("forgets every entry when cleared, and takes new ones after", () => {
    const map = new PairMap();
    for (let i = 0; i < 1000; i++) map.add(i, -i, i);
    map.clear();
    expect(map.size).toBe(0);
    for (let i = 0; i < 1000; i++) expect(map.get(i, -i)).toBe(-1);
    map.add(7, -7, 70);
    map.add(1, 2, 12);
    expect(map.get(7, -7)).toBe(70);
    expect(map.get(1, 2)).toBe(12);
    expect(map.get(8, -8)).toBe(-1);
    expect(map.size).toBe(2);
  });
});
