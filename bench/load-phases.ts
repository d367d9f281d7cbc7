/**
 * Where a large seed's heap pages go: generates N patients, then loads them into a store as
 * the sandbox does (`share` as argv[3], the default, shares equal elements; `plain` does not),
 * and prints V8's old space (used / size, MB) after a full collection at each step, then after
 * four more collections a second and a half apart (the collector compacts a little each time).
 * Run with `node --expose-gc --import tsx bench/load-phases.ts 1000`.
 */
import v8 from 'node:v8';
import { generateSeedData } from '../seed/index.js';
import type { Resource } from '../src/fhir/resource.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { asLoadedVersions } from '../src/store/stored-form.js';

const patients = Number(process.argv[2] ?? '1000');
const share = (process.argv[3] ?? 'share') === 'share';
const MB = 2 ** 20;

function show(label: string): void {
  global.gc?.();
  const spaces = Object.fromEntries(
    v8
      .getHeapSpaceStatistics()
      .filter((s) => s.space_size > 0)
      .map((s) => [s.space_name.replace('_space', ''), `${(s.space_used_size / MB).toFixed(0)}/${(s.space_size / MB).toFixed(0)}`]),
  );
  const m = process.memoryUsage();
  console.log(label, JSON.stringify({ rss: Math.round(m.rss / MB), heapUsed: Math.round(m.heapUsed / MB), heapTotal: Math.round(m.heapTotal / MB), ...spaces }));
}

show('start');
let t = performance.now();
let data: Resource[] | undefined = generateSeedData({ seed: 42, patients });
console.log(`generated in ${(performance.now() - t).toFixed(0)} ms`);
show('generated');
t = performance.now();
const store = createMemoryStore({ clock: { now: () => Date.parse('2026-06-01T00:00:00Z') } });
store.load(asLoadedVersions(data, true), { shareElements: share });
data = undefined;
console.log(`loaded in ${(performance.now() - t).toFixed(0)} ms (${store.count()} resources)`);
show('loaded');
for (let i = 1; i <= 4; i++) {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  show(`+${(i * 1.5).toFixed(1)} s`);
}
