/**
 * Seeds one sandbox of N patients in a fresh process and prints where its memory is, as JSON:
 * process.memoryUsage() and V8's heap spaces after a full collection, each as growth over the
 * empty process (MB), and the resident memory the process keeps (Linux /proc smaps_rollup).
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { createSandbox } from '../src/index.js';

const patients = Number(process.argv[2] ?? '50');
const MB = 2 ** 20;

function spaces(): Record<string, { size: number; used: number }> {
  const out: Record<string, { size: number; used: number }> = {};
  for (const s of v8.getHeapSpaceStatistics()) out[s.space_name] = { size: s.space_size / MB, used: s.space_used_size / MB };
  return out;
}

function smaps(): Record<string, number> {
  try {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      const m = /^(\w+):\s+(\d+) kB/.exec(line);
      if (m && ['Rss', 'Anonymous', 'Private_Dirty', 'Shared_Clean'].includes(m[1]!)) out[m[1]!] = Number(m[2]) / 1024;
    }
    return out;
  } catch {
    return {};
  }
}

global.gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const sb = await createSandbox({ patients });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const peakRss = process.resourceUsage().maxRSS / 1024;
const beforeGc = process.memoryUsage();
global.gc?.();
const after = process.memoryUsage();
const growth = (k: keyof NodeJS.MemoryUsage) => (after[k] - before[k]) / MB;
// The collector hands freed pages back to the system on background threads: RSS read at once
// after a collection still counts them. Read it again once that has settled.
for (let i = 0; i < 2; i++) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  global.gc?.();
}
await new Promise((resolve) => setTimeout(resolve, 1000));
const settled = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    patients,
    resources: sb.store.count(),
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    growthMB: { rss: growth('rss'), heapTotal: growth('heapTotal'), heapUsed: growth('heapUsed'), external: growth('external'), arrayBuffers: growth('arrayBuffers') },
    rssSettledGrowthMB: (settled.rss - before.rss) / MB,
    heapTotalSettledGrowthMB: (settled.heapTotal - before.heapTotal) / MB,
    rssBeforeGcMB: beforeGc.rss / MB,
    rssMB: after.rss / MB,
    peakRssMB: peakRss,
    spaces: spaces(),
    smaps: smaps(),
  }, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}\n`,
);
