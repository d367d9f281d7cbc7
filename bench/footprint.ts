/**
 * Footprint benchmarks (loopback only): what `import 'mock-ehr'` costs, bundled and
 * unbundled, and a large sandbox's start-up and resident memory.
 *   - import: a fresh process imports the package entry; wall and CPU time of the import;
 *   - large: `mock-ehr --patients 5000` from process start to the first 200 from
 *     /fhir/metadata, the CPU time it used by then, and its resident set size (VmRSS, and
 *     the peak VmHWM) at that moment.
 * CPU time and ratios hold better than wall time on a loaded machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, median, startProcess, stop } from './lib.js';

type Say = (line: string) => void;

async function importOnce(entry: string): Promise<{ wall: number; cpu: number }> {
  const script = `const c0 = process.cpuUsage(); const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(entry).href)});
const c = process.cpuUsage(c0); console.log(JSON.stringify({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  await once(child, 'exit');
  return JSON.parse(out) as { wall: number; cpu: number };
}

export async function importTime(say: Say, runs: number): Promise<void> {
  const n = Math.max(7, runs);
  say(`\n### import 'mock-ehr' (a fresh process each, median of ${n})\n`);
  say('| entry | wall (ms) | CPU (ms) |');
  say('|---|---:|---:|');
  for (const [name, file] of [
    ['`dist/index.js`, the bundle `import \'mock-ehr\'` loads', join(ROOT, 'dist', 'index.js')],
    ['`dist/src/index.js`, the same modules unbundled', join(ROOT, 'dist', 'src', 'index.js')],
  ] as const) {
    const times: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < n; i++) times.push(await importOnce(file));
    say(`| ${name} | ${median(times.map((t) => t.wall)).toFixed(0)} | ${median(times.map((t) => t.cpu)).toFixed(0)} |`);
  }
}

/** VmRSS and VmHWM of a process in MB (Linux /proc; undefined elsewhere). */
function residentMB(pid: number): { rss: number; peak: number } | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  const status = readFileSync(file, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** User plus system CPU seconds a process has used (Linux /proc; NaN elsewhere). */
export function cpuSeconds(pid: number): number {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return NaN;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks of 1/100 s.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU milliseconds the main thread of a process has run (Linux /proc schedstat, in
 * nanoseconds; NaN elsewhere): the JavaScript thread, without the collector's helpers, the
 * compiler's background threads and the thread pool.
 */
export function mainThreadMs(pid: number): number {
  const file = `/proc/${pid}/task/${pid}/schedstat`;
  if (!existsSync(file)) return NaN;
  return Number(readFileSync(file, 'utf8').split(' ')[0]) / 1e6;
}

export async function large(say: Say, runs: number, patients = 5000): Promise<void> {
  const results: { ms: number; cpu: number; main: number; rss: number; peak: number; indexed: number; rssIndexed: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const sandbox = await startProcess([CLI, '--port', '0', '--quiet', '--open', '--patients', String(patients)]);
    for (;;) {
      const res = await fetch(`${sandbox.url}/metadata`).catch(() => undefined);
      if (res?.status === 200) break;
    }
    const ms = performance.now() - t0;
    const memory = residentMB(sandbox.child.pid!);
    const cpu = cpuSeconds(sandbox.child.pid!);
    const main = mainThreadMs(sandbox.child.pid!) / 1000;
    // A patient's compartment needs the reverse index the sandbox makes in the background
    // after it starts answering: this answers once that index is complete.
    const everything = await fetch(`${sandbox.url}/Patient/pt-0001/$everything?_count=1`);
    if (everything.status !== 200) throw new Error(`$everything answered ${everything.status}`);
    await everything.arrayBuffer();
    const indexed = performance.now() - t0;
    const after = residentMB(sandbox.child.pid!);
    await stop(sandbox);
    results.push({ ms, cpu, main, rss: memory?.rss ?? NaN, peak: memory?.peak ?? NaN, indexed, rssIndexed: after?.rss ?? NaN });
  }
  const med = (f: (r: (typeof results)[number]) => number): number => median(results.map(f));
  say(`\n### ${patients.toLocaleString('en')} patients: CLI start to first 200 and resident memory (median of ${runs})\n`);
  say('| start-up (s) | CPU used by then (s) | of it the main thread (s) | RSS (MB) | peak RSS (MB) | reverse index complete (s from start) | RSS then (MB) |');
  say('|---:|---:|---:|---:|---:|---:|---:|');
  say(
    `| ${(med((r) => r.ms) / 1000).toFixed(1)} | ${med((r) => r.cpu).toFixed(1)} | ${med((r) => r.main).toFixed(1)} | ${med((r) => r.rss).toFixed(0)} | ${med((r) => r.peak).toFixed(0)} | ${(med((r) => r.indexed) / 1000).toFixed(1)} | ${med((r) => r.rssIndexed).toFixed(0)} |`,
  );
}
