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
import { DAY, fhirDate, fhirTimeOfDay } from './dates.js';
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
  /** The reference `reference(type, id)` has made in the current chart, if it has. */
  knownReference(type: string, id: string): Readonly<Reference> | undefined;
  /** `fhirDateTime(ms)`: one string per instant of the current chart. */
  dateTime(ms: number): string;
  /** `fhirDate(ms)`: one string per day of the current chart. */
  date(ms: number): string;
  /** Starts a chart: instants, days and references of the previous chart are forgotten. */
  newChart(): void;
}

/** `table.set(key, value)`, the table emptied first when full; returns `value`. */
function store<K, V>(table: Map<K, V>, key: K, value: V): V {
  if (table.size >= LIMIT) table.clear();
  table.set(key, value);
  return value;
}

/** The table of `key` in `tables`, made on first use. */
function tableOf<K, T>(tables: Map<K, Map<unknown, T>>, key: K): Map<unknown, T> {
  let table = tables.get(key);
  if (table === undefined) tables.set(key, (table = new Map()));
  return table;
}

/** A new Sharing, for one generation. */
export function createSharing(): Sharing {
  // Every method looks its table up first and builds only on a miss: no closure per call.
  const quantities = new Map<string, Map<string, Map<number, Readonly<Quantity>>>>();
  const plainQuantities = new Map<string, Map<number, Readonly<Quantity>>>();
  const concepts = new Map<Code, Readonly<CodeableConcept>>();
  const conceptLists = new Map<Code, readonly Readonly<CodeableConcept>[]>();
  const codings = new Map<Code, Readonly<Coding>>();
  const lists = new Map<object, readonly object[]>();
  const ranges = new Map<Quantity | undefined, Map<Quantity | undefined, readonly Readonly<Record<string, Quantity>>[]>>();
  // Instants by whole second and dates by day (what their strings depend on): small integers
  // as keys, and the date of a day written once for all the instants of that day.
  const dateTimes = new Map<number, string>();
  const dates = new Map<number, string>();
  // `Thh:mm:ssZ` by second of the day, for the whole generation (times of day repeat).
  const times = new Map<number, string>();
  const references = new Map<string, Map<string, Readonly<Reference>>>();
  const kinds = new Map<string, Map<unknown, unknown>>();
  const kinds2 = new Map<string, Map<unknown, Map<unknown, unknown>>>();
  const dateOfDay = (day: number): string => dates.get(day) ?? store(dates, day, fhirDate(day * DAY));
  const sharing: Sharing = {
    quantity(value, ucum, unit = ucum) {
      // Most quantities name their unit by its UCUM code: one table per code for those.
      let byValue: Map<number, Readonly<Quantity>> | undefined;
      if (unit === ucum) {
        byValue = plainQuantities.get(ucum);
        if (byValue === undefined) plainQuantities.set(ucum, (byValue = new Map()));
      } else {
        let byUnit = quantities.get(ucum);
        if (byUnit === undefined) quantities.set(ucum, (byUnit = new Map()));
        byValue = byUnit.get(unit);
        if (byValue === undefined) byUnit.set(unit, (byValue = new Map()));
      }
      return byValue.get(value) ?? store(byValue, value, deepFreeze(quantity(value, ucum, unit)));
    },
    concept: (code) => concepts.get(code) ?? store(concepts, code, deepFreeze({ coding: [sharing.coding(code)], text: code.display })),
    concepts: (code) => conceptLists.get(code) ?? store(conceptLists, code, Object.freeze([sharing.concept(code)])),
    coding: (code) => codings.get(code) ?? store(codings, code, deepFreeze(coding(code))),
    list: <T extends object>(item: T) => (lists.get(item) ?? store(lists, item, Object.freeze([item]))) as readonly T[],
    range(low, high, ucum, unit = ucum) {
      // Keyed by the shared quantities themselves (equal quantities are one object): no key
      // string to write per call.
      const lowQuantity = low === undefined ? undefined : sharing.quantity(low, ucum, unit);
      const highQuantity = high === undefined ? undefined : sharing.quantity(high, ucum, unit);
      let byHigh = ranges.get(lowQuantity);
      if (byHigh === undefined) byHigh = store(ranges, lowQuantity, new Map());
      let value = byHigh.get(highQuantity);
      if (value === undefined) {
        const range: Record<string, Quantity> = {};
        if (lowQuantity !== undefined) range.low = lowQuantity;
        if (highQuantity !== undefined) range.high = highQuantity;
        value = store(byHigh, highQuantity, Object.freeze([Object.freeze(range)]));
      }
      return value;
    },
    memo<T>(kind: string, key: unknown, make: () => T): T {
      const table = tableOf(kinds, kind);
      const value = table.get(key);
      return (value === undefined ? store(table, key, deepFreeze(make())) : value) as T;
    },
    memo2<T>(kind: string, a: unknown, b: unknown, make: () => T): T {
      const outer = tableOf(kinds2, kind);
      let table = outer.get(a);
      if (table === undefined) table = store(outer, a, new Map());
      const value = table.get(b);
      return (value === undefined ? store(table, b, deepFreeze(make())) : value) as T;
    },
    reference(type, id) {
      const byId = tableOf(references, type);
      return byId.get(id) ?? store(byId, id, Object.freeze(ref(type, id)));
    },
    knownReference: (type, id) => references.get(type)?.get(id),
    dateTime(ms) {
      const second = Math.floor(ms / 1000);
      let value = dateTimes.get(second);
      if (value === undefined) {
        const day = Math.floor(second / 86_400);
        const ofDay = second - day * 86_400;
        const time = times.get(ofDay) ?? store(times, ofDay, fhirTimeOfDay(ofDay));
        value = store(dateTimes, second, [dateOfDay(day), time].join(''));
      }
      return value;
    },
    date: (ms) => dateOfDay(Math.floor(ms / DAY)),
    newChart() {
      dateTimes.clear();
      dates.clear();
      references.clear();
    },
  };
  return sharing;
}
