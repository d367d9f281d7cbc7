/**
 * Equal elements of the generated charts are shared (seed/sharing.ts and the constant tables
 * of the seed modules): every element held in more than one place is frozen to its leaves, so
 * changing one throws instead of changing every resource that holds it; resources and their
 * `meta` are never shared (the store replaces a stored resource's meta); the tables of one
 * generation are not those of another; an element looked up by a key is the element its
 * maker builds at that place, for any seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateChart } from '../../seed/chart.js';
import { DAY, fhirDate, fhirDateTime, parseDate } from '../../seed/dates.js';
import { generateFacility } from '../../seed/facility.js';
import { ref } from '../../seed/fhir.js';
import { patientId } from '../../seed/ids.js';
import { generateSeedData } from '../../seed/index.js';
import { createRandomSource } from '../../seed/random.js';
import { createSharing, type Sharing } from '../../seed/sharing.js';
import type { Resource } from '../../src/fhir/resource.js';
import type { Json } from './helpers.js';

/** How many times each object below the resources is held (by a property or a list). */
function holders(data: readonly Resource[]): Map<object, number> {
  const count = new Map<object, number>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const seen = count.get(value);
    count.set(value, (seen ?? 0) + 1);
    if (seen !== undefined) return;
    for (const child of Object.values(value)) visit(child);
  };
  for (const r of data) for (const child of Object.values(r)) visit(child);
  return count;
}

function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

describe('generated charts: shared elements', () => {
  const data = generateSeedData({ seed: 42, patients: 25 });

  it('freezes every element held more than once, to its leaves, and shares many', () => {
    let shared = 0;
    for (const [element, times] of holders(data)) {
      if (times < 2) continue;
      shared++;
      assert.ok(deeplyFrozen(element), JSON.stringify(element));
    }
    assert.ok(shared > 1000, `${shared} shared elements`);
  });

  it('never shares a resource or its meta', () => {
    assert.equal(new Set(data).size, data.length);
    const metas = data.map((r) => r.meta).filter((m) => m !== undefined);
    assert.equal(new Set(metas).size, metas.length);
    for (const r of data) assert.ok(!Object.isFrozen(r) && !Object.isFrozen(r.meta), `${r.resourceType}/${r.id}`);
  });

  it('throws on a change to a shared element', () => {
    const observations = data.filter((r) => r.resourceType === 'Observation' && r.valueQuantity !== undefined) as Json[];
    const [a, b] = observations.filter((o) => o.valueQuantity === observations[0].valueQuantity);
    assert.ok(a && b, 'two Observations hold one Quantity');
    assert.throws(() => {
      a.valueQuantity.value = 0;
    }, TypeError);
    assert.throws(() => {
      a.code.coding[0].code = 'changed';
    }, TypeError);
    assert.equal(b.valueQuantity.value, observations[0].valueQuantity.value);
  });

  it('shares data-dependent elements within one generation only', () => {
    const quantities = (d: readonly Resource[]): Set<unknown> => new Set((d as Json[]).map((r) => r.valueQuantity).filter(Boolean));
    const again = quantities(generateSeedData({ seed: 42, patients: 25 }));
    for (const q of quantities(data)) assert.ok(!again.has(q));
  });

  it('gives, for every key, the element its maker would build there (seeds other than the default)', () => {
    // Each shared element is checked against the one built afresh at every use: a key that
    // missed something the element depends on would give a different one somewhere.
    let checked = 0;
    const check = <T>(kind: string, value: T, fresh: () => T): T => {
      checked++;
      assert.equal(JSON.stringify(value), JSON.stringify(fresh()), kind);
      return value;
    };
    for (const [seed, referenceDate, patients] of [[7, '2031-07-15', 60], [123_456, '2019-02-28', 60]] as const) {
      const base = createSharing();
      const shared: Sharing = {
        ...base,
        memo: (kind, key, make) => check(kind, base.memo(kind, key, make), make),
        memo2: (kind, a, b, make) => check(kind, base.memo2(kind, a, b, make), make),
        dateTime: (ms) => check('dateTime', base.dateTime(ms), () => fhirDateTime(ms)),
        date: (ms) => check('date', base.date(ms), () => fhirDate(ms)),
        knownReference(type, id) {
          const known = base.knownReference(type, id);
          return known === undefined ? known : check('reference', known, () => ref(type, id));
        },
      };
      const now = parseDate(referenceDate);
      const random = createRandomSource(seed);
      random.reseed(seed, 0xffffffff);
      const { facility } = generateFacility(random, now - 6 * 365 * DAY);
      for (let index = 0; index < patients; index++) {
        random.reseed(seed, index);
        generateChart(random, facility, now, index, patientId(index), [], shared);
      }
    }
    assert.ok(checked > 10_000, `${checked} elements checked`);
  });
});
