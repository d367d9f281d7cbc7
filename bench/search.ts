/**
 * `GET /fhir/Observation?patient={id}&_count=50` four ways, beside a bare Express handler that
 * serves the same bytes, in one run: `--open` and with a `patient/*.rs` token, each as a
 * repeated query (the same URL every time) and as first-time queries (every request a query
 * the server has not seen: the patient criterion also names a patient that does not exist,
 * a different one in each request, so the matches are the same but no cache can answer it). Runs alternate between the
 * five servers so that load on the machine hits all alike; the figures are medians. On Linux
 * it also reports each server's CPU time per request (from /proc), which other work on the
 * machine disturbs much less than requests per second.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds } from './footprint.js';
import { CLI, ROOT, median, startProcess, stop, type LoadResult } from './lib.js';
import { benchToken } from './token.js';

interface Options {
  seconds: number;
  runs: number;
  connections: number;
}

interface Measured extends LoadResult {
  /** CPU time of the server per request, in µs (NaN when unknown). */
  cpu: number;
}

/** One autocannon run; with `firstTime`, every request asks a query not asked before. */
async function run(url: string, options: Options, firstTime: boolean, pid: number, headers?: Record<string, string>): Promise<Measured> {
  if (!/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) throw new Error(`refusing to load a non-loopback URL: ${url}`);
  const { pathname, search, origin } = new URL(url);
  // `patient=X` becomes `patient=X,nobody-N`: the same matches, a new query each time.
  const [before, patient, after] = /^(.*[?&]patient=)([^&]*)(.*)$/.exec(search)!.slice(1) as [string, string, string];
  let n = 0;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url: origin,
    duration: options.seconds,
    connections: options.connections,
    headers,
    requests: [
      firstTime
        ? { method: 'GET', setupRequest: (req) => ({ ...req, path: `${pathname}${before}${patient},nobody-${n++}${after}` }) }
        : { method: 'GET', path: `${pathname}${search}` },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (firstTime && n < result.requests.total) throw new Error(`${url}: fewer distinct queries than requests`);
  const cpuAfter = cpuSeconds(pid);
  // NaN where /proc is missing (not Linux).
  const cpu = ((cpuAfter - cpuBefore) * 1e6) / result.requests.total;
  return { rps: result.requests.average, mean: result.latency.average, p50: result.latency.p50, p99: result.latency.p99, cpu };
}

export async function searchPaths(say: (line: string) => void, options: Options): Promise<void> {
  const open = await startProcess([CLI, '--port', '0', '--quiet', '--open']);
  const secured = await startProcess([CLI, '--port', '0', '--quiet']);
  try {
    const first = (await (await fetch(`${open.url}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
    const patient = first.entry[0]!.resource.id;
    const headers = { authorization: `Bearer ${await benchToken(secured.url, patient)}` };
    const path = `/Observation?patient=${patient}&_count=50`;
    const baseline = await startProcess(['--import', 'tsx', join(ROOT, 'bench', 'baseline-server.ts'), `${open.url}${path}`]);
    try {
      const [bare, o, s] = [baseline.child.pid!, open.child.pid!, secured.child.pid!];
      const rows: [string, () => Promise<Measured>][] = [
        ['bare Express, same bytes', () => run(`${baseline.url}${path}`, options, false, bare)],
        ['`--open`, repeated query', () => run(`${open.url}${path}`, options, false, o)],
        ['`--open`, first-time queries', () => run(`${open.url}${path}`, options, true, o)],
        ['`patient/*.rs` token, repeated query', () => run(`${secured.url}${path}`, options, false, s, headers)],
        ['`patient/*.rs` token, first-time queries', () => run(`${secured.url}${path}`, options, true, s, headers)],
      ];
      // One request of each first, so that one-time work (indexing, the first JIT) is not timed.
      await fetch(`${open.url}${path}`);
      await fetch(`${secured.url}${path}`, { headers });
      const results = rows.map((): Measured[] => []);
      for (let i = 0; i < options.runs; i++) for (const [r, [, go]] of rows.entries()) results[r]!.push(await go());
      const med = results.map((list) => ({
        rps: median(list.map((x) => x.rps)),
        mean: median(list.map((x) => x.mean)),
        p50: median(list.map((x) => x.p50)),
        p99: median(list.map((x) => x.p99)),
        cpu: median(list.map((x) => x.cpu)),
      }));
      say(`\n### Search, repeated and first-time (GET /fhir/Observation?patient={id}&_count=50; ${options.connections} connections, ${options.seconds} s x ${options.runs} alternating runs, medians)\n`);
      say('| request | req/s | mean (ms) | p50 (ms) | p99 (ms) | vs bare Express | server CPU per request (µs) | bare Express CPU / this CPU |');
      say('|---|---:|---:|---:|---:|---:|---:|---:|');
      for (const [r, [name]] of rows.entries()) {
        const m = med[r]!;
        const ratio = r === 0 ? '' : `${((m.rps / med[0]!.rps) * 100).toFixed(0)}%`;
        const cpuRatio = r === 0 || Number.isNaN(m.cpu) ? '' : `${((med[0]!.cpu / m.cpu) * 100).toFixed(0)}%`;
        say(`| ${name} | ${Math.round(m.rps)} | ${m.mean.toFixed(2)} | ${m.p50} | ${m.p99} | ${ratio} | ${Number.isNaN(m.cpu) ? '' : m.cpu.toFixed(0)} | ${cpuRatio} |`);
      }
    } finally {
      await stop(baseline);
    }
  } finally {
    await stop(open);
    await stop(secured);
  }
}
