/**
 * Headless EHR launches per second (loopback only): `createLaunch` with every page skipped,
 * then the app's part over HTTP: the authorize request (answered with the code at once) and
 * the code exchange with PKCE, whose response carries an RS256 id_token. Sequential, and
 * with 10 launches in flight. The sandbox runs in this process, so the client's work counts
 * against it. BENCH_SECONDS (default 5) bounds each run; BENCH_RUNS (default 3) runs of
 * each, reported as the median and the best (on a shared machine the best shows what the
 * code can do, the median what it did). Beside the rates, the CPU time per launch (every
 * thread of the process: the token signatures run on the thread pool) and that of the
 * event-loop thread alone (from /proc on Linux; elsewhere the event loop's busy wall time),
 * both less sensitive to other load on the machine than a rate.
 *   npx tsx bench/launches.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createSandbox, type Sandbox } from '../src/index.js';

/** One keep-alive agent, a light client (node:http), so the sandbox's work dominates. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(url: string, method: 'GET' | 'POST' = 'GET', form?: URLSearchParams): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const body = form?.toString();
    const req = request(url, { method, agent, headers: body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? '5');
const RUNS = Number(process.env.BENCH_RUNS ?? '3');
const REDIRECT = 'http://localhost/callback';

async function oneLaunch(sb: Sandbox, patient: string): Promise<void> {
  const launch = sb.createLaunch({ patient, skip: { login: true, patientPicker: true, consent: true } });
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'demo-public-app',
    redirect_uri: REDIRECT,
    scope: 'launch openid fhirUser patient/*.rs',
    state: 'bench',
    aud: launch.iss,
    launch: launch.launchId,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const authorize = await call(`${sb.url}/auth/authorize?${params}`);
  const code = new URL(authorize.location ?? 'x:').searchParams.get('code');
  if (!code) throw new Error(`no code: ${authorize.status} ${authorize.location}`);
  const token = await call(
    `${sb.url}/auth/token`,
    'POST',
    new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: 'demo-public-app' }),
  );
  const body = JSON.parse(token.body) as { id_token?: string };
  if (token.status !== 200 || !body.id_token) throw new Error(`token: ${token.status} ${token.body}`);
}

/**
 * The same two round trips against a bare node:http server (a 302 with a code, then a JSON
 * body of the same size), in the same process: the floor a launch cannot go below here, so
 * the ratio holds when the machine is shared.
 */
function bareServer(tokenBody: string): Server {
  return createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(302, { location: 'http://localhost/callback?code=abc&state=bench' }).end();
      return;
    }
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(tokenBody));
  });
}

async function bareLaunch(url: string): Promise<void> {
  const authorize = await call(`${url}/auth/authorize?response_type=code`);
  if (!authorize.location) throw new Error('no redirect');
  await call(`${url}/auth/token`, 'POST', new URLSearchParams({ grant_type: 'authorization_code', code: 'abc' }));
}

/**
 * CPU milliseconds of the event-loop thread so far (utime + stime of /proc/self/task/{pid}/stat,
 * in clock ticks of 10 ms), or undefined where there is no /proc.
 */
function loopThreadCpuMs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Run {
  /** Completed per second of wall time. */
  rate: number;
  /** CPU milliseconds of the whole process (all threads) per completed one. */
  cpuMs: number;
  /** CPU milliseconds of the event-loop thread per completed one (where /proc is missing: its busy wall time). */
  loopMs: number;
}

async function runLoop(once: () => Promise<void>, concurrency: number): Promise<Run> {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      await once();
      done++;
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const loop0 = performance.eventLoopUtilization();
  const thread0 = loopThreadCpuMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  const loop = performance.eventLoopUtilization(loop0);
  const thread1 = loopThreadCpuMs();
  const loopMs = thread0 !== undefined && thread1 !== undefined ? thread1 - thread0 : loop.active;
  return { rate: done / ((performance.now() - t0) / 1000), cpuMs: (cpu.user + cpu.system) / 1000 / done, loopMs: loopMs / done };
}

function run(sb: Sandbox, patient: string, concurrency: number): Promise<Run> {
  return runLoop(() => oneLaunch(sb, patient), concurrency);
}

const sb = await createSandbox({ patients: 10, seed: 1 });
await sb.listen(0, '127.0.0.1');
const patient = sb.store.search('Patient')[0]!.id;
for (let i = 0; i < 50; i++) await oneLaunch(sb, patient); // warm-up
const sample = await sb.issueToken({ patient, user: `Practitioner/${sb.store.search('Practitioner')[0]!.id}`, scope: 'launch openid fhirUser patient/*.rs' });
const bare = bareServer(JSON.stringify(sample));
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
const results: Record<string, { launches: Run[]; bare: Run[] }> = { sequential: { launches: [], bare: [] }, '10 concurrent': { launches: [], bare: [] } };
for (let i = 0; i < RUNS; i++) {
  for (const [name, concurrency] of [['sequential', 1], ['10 concurrent', 10]] as const) {
    results[name]!.launches.push(await run(sb, patient, concurrency));
    results[name]!.bare.push(await runLoop(() => bareLaunch(bareUrl), concurrency));
  }
}
await sb.close();
await new Promise((resolve) => bare.close(resolve));
agent.destroy();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [load1] = loadavg();
console.log(`\n### Headless EHR launches (createLaunch with skips -> authorize -> code -> token with RS256 id_token), ${RUNS} runs of ${SECONDS} s, load average ${load1!.toFixed(2)} at the end\n`);
console.log('| | median launches/s | best launches/s | CPU ms per launch (median) | event-loop thread CPU ms per launch (median) | same two round trips, bare node:http (median) | bare CPU ms | launches vs bare |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, r] of Object.entries(results)) {
  const rates = r.launches.map((l) => l.rate);
  const ratios = r.launches.map((l, i) => l.rate / r.bare[i]!.rate);
  console.log(
    `| ${name} | ${median(rates).toFixed(0)} | ${Math.max(...rates).toFixed(0)} | ${median(r.launches.map((l) => l.cpuMs)).toFixed(2)} | ${median(r.launches.map((l) => l.loopMs)).toFixed(2)} | ${median(r.bare.map((b) => b.rate)).toFixed(0)} | ${median(r.bare.map((b) => b.cpuMs)).toFixed(2)} | ${(median(ratios) * 100).toFixed(0)}% |`,
  );
}
