/**
 * mock-ehr benchmarks (loopback only; numbers go to docs/performance.md, never into tests):
 *   1. start-up: CLI process start -> first 200 from /fhir/metadata, default data;
 *   2. seeding: resources/s and memory for 100, 1,000 and 5,000 patients;
 *   3. read and search throughput and latency beside a bare Express handler serving the same bytes;
 *   4. the same search at 100 and at 5,000 patients (indexes, not scans);
 *   5. an authenticated read beside the same read in --open mode and bare Express;
 *   6. `import 'mock-ehr'`, bundled and unbundled, and 5,000 patients' start-up and RSS (footprint.ts);
 *   7. the read path: bare Express, `--open` and a token-checked read alternating, with the CPU per request (read.ts);
 *   8. a patient's Observation search, repeated and first-time, `--open` and token-checked (search.ts).
 * Run `npm run build` first. BENCH_SECONDS (default 5) and BENCH_RUNS (default 3) tune it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { CLI, ROOT, loadMedian, median, startProcess, stop, type LoadResult } from './lib.js';
import { cpuSeconds, importTime, large, mainThreadMs } from './footprint.js';
import { searchPaths } from './search.js';
import { benchToken } from './token.js';
import { readPath } from './read.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '5');
const RUNS = Number(process.env.BENCH_RUNS ?? '3');
const CONNECTIONS = 10;
const only = new Set(process.argv.slice(2));
const want = (name: string): boolean => only.size === 0 || only.has(name);
const lines: string[] = [];
const say = (line: string): void => {
  lines.push(line);
  console.log(line);
};

/**
 * Process start to the first 200 from `${url}/metadata`, for a command that prints its FHIR
 * base first, and the CPU time the process used by then (every thread; Linux only, else NaN).
 */
async function startupOnce(args: string[]): Promise<{ ms: number; cpu: number; main: number }> {
  const t0 = performance.now();
  const started = await startProcess(args);
  for (;;) {
    const res = await fetch(`${started.url}/metadata`).catch(() => undefined);
    if (res?.status === 200) {
      await res.arrayBuffer();
      break;
    }
  }
  const ms = performance.now() - t0;
  const cpu = cpuSeconds(started.child.pid!) * 1000;
  const main = mainThreadMs(started.child.pid!);
  await stop(started);
  return { ms, cpu, main };
}

const summary = (times: number[]): string => `median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`;

/**
 * The CLI beside a bare Express app that listens and answers (bench/bare-express.mjs), runs
 * alternating so that load on the machine hits both alike. BENCH_STARTUP_OTHER=a/cli.js,b/cli.js
 * adds other builds' commands to the same rotation (a before/after comparison).
 */
async function startup(): Promise<void> {
  const runs = Math.max(9, RUNS);
  const others = (process.env.BENCH_STARTUP_OTHER ?? '').split(',').filter(Boolean);
  const commands: [string, string[]][] = [
    ['mock-ehr (default data)', [CLI, '--port', '0', '--quiet', '--open']],
    ['bare Express, listening', [join(ROOT, 'bench', 'bare-express.mjs')]],
    ...others.map((cli): [string, string[]] => [`${cli} (default data)`, [cli, '--port', '0', '--quiet', '--open']]),
  ];
  const times = commands.map((): number[] => []);
  const cpu = commands.map((): number[] => []);
  const main = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [c, [, args]] of commands.entries()) {
      const once = await startupOnce(args);
      times[c]!.push(once.ms);
      cpu[c]!.push(once.cpu);
      main[c]!.push(once.main);
    }
  }
  say(`\n### Start-up (process start to first 200 from /fhir/metadata, ${runs} alternating runs each)\n`);
  for (const [c, [name]] of commands.entries()) say(`${name}: ${summary(times[c]!)}; CPU used by then: median ${median(cpu[c]!).toFixed(0)} ms (main thread ${median(main[c]!).toFixed(0)} ms)`);
  say(`mock-ehr vs bare Express: ${(median(times[0]!) / median(times[1]!)).toFixed(2)}x (CPU ${(median(cpu[0]!) / median(cpu[1]!)).toFixed(2)}x)`);
}

async function seeding(): Promise<void> {
  say('\n### Seeding (fresh process each; median of runs)\n');
  say('| patients | resources | time (ms) | resources/s | RSS growth (MB) | heap growth (MB) | heap per patient (KB) |');
  say('|---:|---:|---:|---:|---:|---:|---:|');
  for (const patients of [100, 1000, 5000]) {
    const runs: { resources: number; ms: number; rssMB: number; heapMB: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'seed-worker.ts'), String(patients)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      await once(child, 'exit');
      runs.push(JSON.parse(out) as (typeof runs)[number]);
    }
    const ms = median(runs.map((r) => r.ms));
    const resources = runs[0]!.resources;
    const heap = median(runs.map((r) => r.heapMB));
    say(
      `| ${patients} | ${resources} | ${ms.toFixed(0)} | ${Math.round((resources / ms) * 1000)} | ${median(runs.map((r) => r.rssMB)).toFixed(0)} | ${heap.toFixed(0)} | ${((heap * 1024) / patients).toFixed(0)} |`,
    );
  }
}

function row(name: string, r: LoadResult, base?: LoadResult): string {
  const ratio = base ? `${((r.rps / base.rps) * 100).toFixed(0)}%` : '';
  return `| ${name} | ${Math.round(r.rps)} | ${r.mean.toFixed(2)} | ${r.p50} | ${r.p99} | ${ratio} |`;
}

async function firstIds(fhir: string): Promise<{ patient: string }> {
  const bundle = (await (await fetch(`${fhir}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
  return { patient: bundle.entry[0]!.resource.id };
}

async function throughput(): Promise<void> {
  const sandbox = await startProcess([CLI, '--port', '0', '--quiet', '--open']);
  try {
    const { patient } = await firstIds(sandbox.url);
    say(`\n### Throughput (${CONNECTIONS} connections, ${SECONDS} s x ${RUNS} runs, medians; default data)\n`);
    say('| request | req/s | mean (ms) | p50 (ms) | p99 (ms) | vs bare Express |');
    say('|---|---:|---:|---:|---:|---:|');
    for (const [name, path] of [
      ['GET /fhir/Patient/{id}', `/Patient/${patient}`],
      ['GET /fhir/Observation?patient={id}&_count=50', `/Observation?patient=${patient}&_count=50`],
    ] as const) {
      const url = `${sandbox.url}${path}`;
      const baseline = await startProcess(['--import', 'tsx', join(ROOT, 'bench', 'baseline-server.ts'), url]);
      try {
        const bare = await loadMedian(`${baseline.url}/`, RUNS, { seconds: SECONDS, connections: CONNECTIONS });
        const ours = await loadMedian(url, RUNS, { seconds: SECONDS, connections: CONNECTIONS });
        say(row(`${name} (bare Express, same bytes)`, bare));
        say(row(name, ours, bare));
      } finally {
        await stop(baseline);
      }
    }
  } finally {
    await stop(sandbox);
  }
}

async function scaling(): Promise<void> {
  say(`\n### Search at 100 and 5,000 patients (GET /fhir/Observation?patient={id}&_count=50)\n`);
  say('| patients | req/s | mean (ms) | p50 (ms) | p99 (ms) |');
  say('|---:|---:|---:|---:|---:|');
  const results: LoadResult[] = [];
  for (const patients of [100, 5000]) {
    const sandbox = await startProcess([CLI, '--port', '0', '--quiet', '--open', '--patients', String(patients)]);
    try {
      const { patient } = await firstIds(sandbox.url);
      const r = await loadMedian(`${sandbox.url}/Observation?patient=${patient}&_count=50`, RUNS, { seconds: SECONDS, connections: CONNECTIONS });
      results.push(r);
      say(`| ${patients} | ${Math.round(r.rps)} | ${r.mean.toFixed(2)} | ${r.p50} | ${r.p99} |`);
    } finally {
      await stop(sandbox);
    }
  }
  say(`\nat 5,000 vs 100 patients: p50 ${results[1]!.p50} ms vs ${results[0]!.p50} ms; mean latency ${(results[1]!.mean / results[0]!.mean).toFixed(2)}x`);
}

async function authenticated(): Promise<void> {
  const open = await startProcess([CLI, '--port', '0', '--quiet', '--open']);
  const secured = await startProcess([CLI, '--port', '0', '--quiet']);
  try {
    const { patient } = await firstIds(open.url);
    const token = await benchToken(secured.url, patient);
    const headers = { authorization: `Bearer ${token}` };
    const path = `/Patient/${patient}`;
    const baseline = await startProcess(['--import', 'tsx', join(ROOT, 'bench', 'baseline-server.ts'), `${secured.url}${path}`], {
      BASELINE_HEADERS: JSON.stringify(headers),
    });
    try {
      say(`\n### Token checking (GET /fhir/Patient/{id}, ${CONNECTIONS} connections, ${SECONDS} s x ${RUNS} runs, medians)\n`);
      say('| request | req/s | mean (ms) | p50 (ms) | p99 (ms) | vs open |');
      say('|---|---:|---:|---:|---:|---:|');
      const bare = await loadMedian(`${baseline.url}/`, RUNS, { seconds: SECONDS, connections: CONNECTIONS });
      const openRead = await loadMedian(`${open.url}${path}`, RUNS, { seconds: SECONDS, connections: CONNECTIONS });
      const tokenRead = await loadMedian(`${secured.url}${path}`, RUNS, { seconds: SECONDS, connections: CONNECTIONS, headers });
      say(row('bare Express, same bytes', bare));
      say(row('--open (no token)', openRead));
      say(row('with a patient/*.rs token', tokenRead, openRead));
    } finally {
      await stop(baseline);
    }
  } finally {
    await stop(open);
    await stop(secured);
  }
}

say(`mock-ehr benchmarks, ${new Date().toISOString()}, node ${process.version}`);
if (want('startup')) await startup();
if (want('seeding')) await seeding();
if (want('throughput')) await throughput();
if (want('scaling')) await scaling();
if (want('auth')) await authenticated();
if (want('search')) await searchPaths(say, { seconds: SECONDS, runs: RUNS, connections: CONNECTIONS });
if (want('import')) await importTime(say, RUNS);
if (want('large')) await large(say, RUNS);
if (want('read')) await readPath(say, SECONDS, Math.max(RUNS, 5));
