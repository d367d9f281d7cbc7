/** Seeds one sandbox of N patients in a fresh process and prints what it cost, as JSON. */
import { createSandbox } from '../src/index.js';

const patients = Number(process.argv[2] ?? '50');
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const sb = await createSandbox({ patients });
const ms = performance.now() - t0;
global.gc?.();
const memory = process.memoryUsage();
// The collector returns freed pages to the system on background threads, so the RSS read just
// after a collection still counts pages on their way out: read it again once that has settled.
for (let i = 0; i < 2; i++) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  global.gc?.();
}
await new Promise((resolve) => setTimeout(resolve, 1000));
const settled = process.memoryUsage().rss;
// By now a large sandbox has made its reverse index in the background: the heap with it.
global.gc?.();
const heapSettled = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({
    patients,
    resources: sb.store.count(),
    ms,
    rssMB: (memory.rss - rssBefore) / 2 ** 20,
    rssSettledMB: (settled - rssBefore) / 2 ** 20,
    heapMB: (heapSettled - heapBefore) / 2 ** 20,
  })}\n`,
);
