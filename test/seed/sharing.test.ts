/**
 * Equal elements of the generated charts are shared (seed/sharing.ts and the constant tables
 * of the seed modules): every element held in more than one place is frozen to its leaves, so
 * changing one throws instead of changing every resource that holds it; resources and their
 * `meta` are never shared (the store replaces a stored resource's meta); the tables of one
 * generation are not those of another.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSeedData } from '../../seed/index.js';
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
});
