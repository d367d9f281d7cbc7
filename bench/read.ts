/**
 * The read path side by side: `GET /fhir/Patient/{id}` from a bare Express app serving the
 * same bytes, from the sandbox with `--open`, and from the sandbox with a `patient/*.rs`
 * token, in alternating runs so that load on the machine hits all three alike. Besides
 * requests per second it reports the server's CPU time per request (user + system, read
 * from /proc on Linux), which moves far less than req/s on a shared machine.
 * BENCH_READ_OTHER=a/dist/cli.js,b/dist/cli.js adds other builds (an `--open` and a token
 * server each) to the same rotation: a before/after comparison in the same conditions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { CLI, ROOT, median, startProcess, stop } from './lib.js';
import { benchToken } from './token.js';

const CONNECTIONS = 10;

/** CPU time (user + system) a process has used so far, in ms; undefined off Linux. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Sample {
  rps: number;
  /** CPU µs per request, when known. */
  cpu?: number;
}

async function sample(pid: number, url: string, seconds: number, headers?: Record<string, string>): Promise<Sample> {
  if (!/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) throw new Error(`refusing to load a non-loopback URL: ${url}`);
  const before = cpuMs(pid);
  const result = await autocannon({ url, duration: seconds, connections: CONNECTIONS, headers });
  const after = cpuMs(pid);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const total = result.requests.total;
  return { rps: result.requests.average, ...(before !== undefined && after !== undefined && total > 0 ? { cpu: ((after - before) * 1000) / total } : {}) };
}

export async function readPath(say: (line: string) => void, seconds: number, runs: number): Promise<void> {
  const open = await startProcess([CLI, '--port', '0', '--quiet', '--open']);
  const secured = await startProcess([CLI, '--port', '0', '--quiet']);
  const others = (process.env.BENCH_READ_OTHER ?? '').split(',').filter(Boolean);
  const otherServers = [];
  for (const cli of others) {
    otherServers.push({ cli, open: await startProcess([cli, '--port', '0', '--quiet', '--open']), secured: await startProcess([cli, '--port', '0', '--quiet']) });
  }
  try {
    const bundle = (await (await fetch(`${open.url}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
    const patient = bundle.entry[0]!.resource.id;
    const path = `/Patient/${patient}`;
    const token = await benchToken(secured.url, patient);
    const headers = { authorization: `Bearer ${token}` };
    const bare = await startProcess(['--import', 'tsx', join(ROOT, 'bench', 'baseline-server.ts'), `${open.url}${path}`]);
    try {
      const targets: [string, number, string, Record<string, string> | undefined][] = [
        ['bare Express, same bytes', bare.child.pid!, `${bare.url}/`, undefined],
        ['--open', open.child.pid!, `${open.url}${path}`, undefined],
        ['with a patient/*.rs token', secured.child.pid!, `${secured.url}${path}`, headers],
      ];
      for (const other of otherServers) {
        const otherHeaders = { authorization: `Bearer ${await benchToken(other.secured.url, patient)}` };
        targets.push([`${other.cli} --open`, other.open.child.pid!, `${other.open.url}${path}`, undefined]);
        targets.push([`${other.cli} with a token`, other.secured.child.pid!, `${other.secured.url}${path}`, otherHeaders]);
      }
      // A warm-up run each, then alternating measured runs.
      for (const [, pid, url, h] of targets) await sample(pid, url, 1, h);
      const samples = targets.map((): Sample[] => []);
      for (let i = 0; i < runs; i++) for (const [t, [, pid, url, h]] of targets.entries()) samples[t]!.push(await sample(pid, url, seconds, h));
      const rps = samples.map((s) => median(s.map((x) => x.rps)));
      const cpu = samples.map((s) => (s.every((x) => x.cpu !== undefined) ? median(s.map((x) => x.cpu!)) : undefined));
      say(`\n### Read path (GET /fhir/Patient/{id}, ${CONNECTIONS} connections, ${seconds} s x ${runs} alternating runs, medians)\n`);
      say('| server | req/s | vs bare Express | CPU µs per request | CPU vs bare Express |');
      say('|---|---:|---:|---:|---:|');
      for (const [t, [name]] of targets.entries()) {
        const ratio = t === 0 ? '' : `${((rps[t]! / rps[0]!) * 100).toFixed(0)}%`;
        const us = cpu[t] === undefined ? 'n/a' : cpu[t]!.toFixed(0);
        const cpuRatio = t === 0 || cpu[t] === undefined || cpu[0] === undefined ? '' : `${((cpu[t]! / cpu[0]!) * 100).toFixed(0)}%`;
        say(`| ${name} | ${Math.round(rps[t]!)} | ${ratio} | ${us} | ${cpuRatio} |`);
      }
    } finally {
      await stop(bare);
    }
  } finally {
    await stop(open);
    await stop(secured);
    for (const other of otherServers) {
      await stop(other.open);
      await stop(other.secured);
    }
  }
}
