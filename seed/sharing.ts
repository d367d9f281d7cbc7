/**
 * Equal elements made once. Charts repeat many elements (a Coding, a Quantity of the same value
 * and unit, a reference range, a formatted instant): each is built once and shared by every
 * resource that holds it, frozen (deeply), so an accidental change throws instead of changing
 * them all. Sharing changes no byte of the output: a shared element is equal, key for key and
 * in the same order, to the one each resource would have built.
 *
 * One `Sharing` lives for one generation (seed/index.ts makes it and every chart's context
 * carries it); there is no module-level state. Its tables are bounded: a full table is emptied
 * and fills again (that only makes later equal elements separate objects).
 */
import type { Code } from './codes/types.js';
import { fhirDate, fhirDateTime } from './dates.js';
import { coding, deepFreeze, quantity, ref, type CodeableConcept, type Coding, type Quantity, type Reference } from './fhir.js';

/** The most entries a table holds before it is emptied. */
const LIMIT = 20_000;

/** Equal elements and strings of one generation, made once (see the module comment). */
export interface Sharing {
  /** `quantity(value, ucum, unit)`, shared. */
  quantity(value: number, ucum: string, unit?: string): Readonly<Quantity>;
  /** `concept(code)` (text = display), shared. */
  concept(code: Code): Readonly<CodeableConcept>;
  /** `[concept(code)]`, shared. */
  concepts(code: Code): readonly Readonly<CodeableConcept>[];
  /** `coding(code)`, shared. */
  coding(code: Code): Readonly<Coding>;
  /** A frozen one-element list of an already shared element, shared. */
  list<T extends object>(item: T): readonly T[];
  /** A frozen reference range `{ low?, high? }` of shared quantities, as a one-element list, shared. */
  range(low: number | undefined, high: number | undefined, ucum: string, unit?: string): readonly Readonly<Record<string, Quantity>>[];
  /**
   * The element `make()` builds, deep-frozen, made once per `kind` and `key` (an already shared
   * element, a code table entry, a string or a number: equal keys must mean equal elements).
   */
  memo<T>(kind: string, key: unknown, make: () => T): T;
  /** `memo` with a key of two parts. */
  memo2<T>(kind: string, a: unknown, b: unknown, make: () => T): T;
  /** `ref(type, id)` (no display), shared within the current chart. */
  reference(type: string, id: string): Readonly<Reference>;
  /** `fhirDateTime(ms)`: one string per instant of the current chart. */
  dateTime(ms: number): string;
  /** `fhirDate(ms)`: one string per day of the current chart. */
  date(ms: number): string;
  /** Starts a chart: instants, days and references of the previous chart are forgotten. */
  newChart(): void;
}

/** `table.get(key)`, or `make()` stored under `key` (the table emptied first when full). */
function memo<K, V>(table: Map<K, V>, key: K, make: () => V): V {
  let value = table.get(key);
  if (value === undefined) {
    if (table.size >= LIMIT) table.clear();
    value = make();
    table.set(key, value);
  }
  return value;
}

/** A new Sharing, for one generation. */
export function createSharing(): Sharing {
  const quantities = new Map<string, Map<string, Map<number, Readonly<Quantity>>>>();
  const concepts = new Map<Code, Readonly<CodeableConcept>>();
  const conceptLists = new Map<Code, readonly Readonly<CodeableConcept>[]>();
  const codings = new Map<Code, Readonly<Coding>>();
  const lists = new Map<object, readonly object[]>();
  const ranges = new Map<string, readonly Readonly<Record<string, Quantity>>[]>();
  const dateTimes = new Map<number, string>();
  const dates = new Map<number, string>();
  const references = new Map<string, Map<string, Readonly<Reference>>>();
  const kinds = new Map<string, Map<unknown, unknown>>();
  const kinds2 = new Map<string, Map<unknown, Map<unknown, unknown>>>();
  const sharing: Sharing = {
    quantity(value, ucum, unit = ucum) {
      let byUnit = quantities.get(ucum);
      if (byUnit === undefined) quantities.set(ucum, (byUnit = new Map()));
      let byValue = byUnit.get(unit);
      if (byValue === undefined) byUnit.set(unit, (byValue = new Map()));
      return memo(byValue, value, () => deepFreeze(quantity(value, ucum, unit)));
    },
    concept: (code) => memo(concepts, code, () => deepFreeze({ coding: [sharing.coding(code)], text: code.display })),
    concepts: (code) => memo(conceptLists, code, () => Object.freeze([sharing.concept(code)])),
    coding: (code) => memo(codings, code, () => deepFreeze(coding(code))),
    list: <T extends object>(item: T) => memo(lists, item, () => Object.freeze([item])) as readonly T[],
    range(low, high, ucum, unit = ucum) {
      return memo(ranges, `${low}\n${high}\n${ucum}\n${unit}`, () => {
        const range: Record<string, Quantity> = {};
        if (low !== undefined) range.low = sharing.quantity(low, ucum, unit);
        if (high !== undefined) range.high = sharing.quantity(high, ucum, unit);
        return Object.freeze([Object.freeze(range)]);
      });
    },
    memo<T>(kind: string, key: unknown, make: () => T): T {
      let table = kinds.get(kind);
      if (table === undefined) kinds.set(kind, (table = new Map()));
      return memo(table, key, () => deepFreeze(make())) as T;
    },
    memo2<T>(kind: string, a: unknown, b: unknown, make: () => T): T {
      let outer = kinds2.get(kind);
      if (outer === undefined) kinds2.set(kind, (outer = new Map()));
      let table = outer.get(a);
      if (table === undefined) {
        if (outer.size >= LIMIT) outer.clear();
        outer.set(a, (table = new Map()));
      }
      return memo(table, b, () => deepFreeze(make())) as T;
    },
    reference(type, id) {
      let byId = references.get(type);
      if (byId === undefined) references.set(type, (byId = new Map()));
      return memo(byId, id, () => Object.freeze(ref(type, id)));
    },
    dateTime: (ms) => memo(dateTimes, ms, () => fhirDateTime(ms)),
    date: (ms) => memo(dates, ms, () => fhirDate(ms)),
    newChart() {
      dateTimes.clear();
      dates.clear();
      references.clear();
    },
  };
  return sharing;
}

