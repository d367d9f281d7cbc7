/**
 * Heap and time of the synthetic data generator's output, with no store in between.
 *
 *   node --import tsx bench/generated-heap.ts [patients=1000] [runs=3] [timePatients=5000]
 *
 * Each run is a fresh child process (`node --expose-gc`):
 * - heap: generates `seedResources({ seed: 42, patients })` into an array, collects garbage
 *   and reports `heapUsed` minus the heap before generation, per patient;
 * - time: generates `timePatients` patients kept in an array and reports the wall time and
 *   the process's CPU time (user + system, all threads: the collector's included).
 * Prints every run and the medians. Runs on a busy machine are noisy: compare medians, and on
 * a machine other processes keep busy, CPU time rather than wall time.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { seedResources } from '../seed/index.js';
import { median } from './lib.js';

const [, , mode, ...rest] = process.argv;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
}

if (mode === '--child-heap') {
  const patients = Number(rest[0]);
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  for (const r of seedResources({ seed: 42, patients })) kept.push(r);
  collect();
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ resources: kept.length, bytesPerPatient: (after - before) / patients }));
} else if (mode === '--child-time') {
  const patients = Number(rest[0]);
  const kept: unknown[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const r of seedResources({ seed: 42, patients })) kept.push(r);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ resources: kept.length, ms, cpuMs: (used.user + used.system) / 1000 }));
} else {
  const patients = Number(process.argv[2] ?? '1000');
  const runs = Number(process.argv[3] ?? '3');
  const timePatients = Number(process.argv[4] ?? '5000');
  const self = fileURLToPath(import.meta.url);
  const child = (flag: string, n: number): Record<string, number> => {
    const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, flag, String(n)], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(res.stderr);
    return JSON.parse(res.stdout) as Record<string, number>;
  };
  const heap: number[] = [];
  const time: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const h = child('--child-heap', patients);
    heap.push(h.bytesPerPatient!);
    const t = child('--child-time', timePatients);
    time.push(t.ms!);
    cpu.push(t.cpuMs!);
    console.log(
      `run ${i + 1}: ${(h.bytesPerPatient! / 1024).toFixed(1)} KB/patient kept at ${patients} (${h.resources} resources); ` +
        `${t.ms!.toFixed(0)} ms (CPU ${t.cpuMs!.toFixed(0)} ms) for ${timePatients} patients kept (${t.resources} resources)`,
    );
  }
  console.log(`median: ${(median(heap) / 1024).toFixed(1)} KB/patient kept; ${median(time).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms) for ${timePatients} patients`);
}
