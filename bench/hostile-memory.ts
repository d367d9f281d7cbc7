/**
 * Bounded memory under hostile input: starts the `mock-ehr` command in a child process on
 * loopback and sends, with autocannon, requests anyone could send without credentials:
 *   1. GET /auth/authorize with a 14 KB scope (refused by the parameter cap);
 *   2. GET /auth/authorize with a scope just under the cap (each starts an interaction, and
 *      the pending-interaction cap drops the oldest);
 *   3. POST /auth/register with a metadata document just under the size cap (refused past
 *      the registered-client cap).
 * The child's resident set size is sampled all along; the script fails when the peak goes
 * over the stated ceiling. Counts: BENCH_AUTHORIZE (default 100000), BENCH_REGISTER (20000).
 *
 *   npm run bench:memory
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { CLI, startProcess, stop } from './lib.js';

/** The peak RSS the sandbox must stay under, in MB. */
const CEILING_MB = 400;
const AUTHORIZE = Number(process.env.BENCH_AUTHORIZE ?? 100_000);
const REGISTER = Number(process.env.BENCH_REGISTER ?? 20_000);

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  } catch {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024;
  }
}

interface Phase {
  name: string;
  requests: number;
  statuses: string;
  seconds: number;
  peakMb: number;
  endMb: number;
}

async function phase(pid: number, name: string, options: autocannon.Options & { amount: number }): Promise<Phase> {
  if (!/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(options.url as string)) throw new Error(`refusing a non-loopback URL: ${String(options.url)}`);
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  const started = performance.now();
  const result = await autocannon({ connections: 10, ...options });
  clearInterval(timer);
  const endMb = rssMb(pid);
  const codes = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${count} × ${code}`).join(', ');
  if (result.errors > 0) throw new Error(`${name}: ${result.errors} connection errors`);
  return { name, requests: result.requests.total, statuses: codes, seconds: (performance.now() - started) / 1000, peakMb: Math.max(peak, endMb), endMb };
}

function authorizeQuery(fhirBase: string, scope: string): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: 'demo-public-app',
    redirect_uri: 'http://localhost:5173/callback',
    scope,
    state: 'hostile',
    aud: fhirBase,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
}

async function main(): Promise<void> {
  const sandbox = await startProcess([CLI, '--port', '0', '--quiet']);
  const pid = sandbox.child.pid!;
  const fhirBase = sandbox.url;
  const root = fhirBase.replace(/\/fhir$/, '');
  try {
    await fetch(`${fhirBase}/metadata`);
    const startMb = rssMb(pid);
    const huge = `patient/*.rs ${'patient/Observation.rs '.repeat(640)}`.trim(); // about 14 KB
    const nearCap = 'patient/Observation.rs '.repeat(170).trim(); // about 3.9 KB, under the 4096 cap
    const metadata = JSON.stringify({ redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none', client_name: 'n'.repeat(15 * 1024) });
    const phases = [
      await phase(pid, `authorize, ${Math.round(huge.length / 1024)} KB scope`, { url: `${root}/auth/authorize?${authorizeQuery(fhirBase, huge)}`, amount: AUTHORIZE }),
      await phase(pid, `authorize, ${Math.round(nearCap.length / 102.4) / 10} KB scope`, { url: `${root}/auth/authorize?${authorizeQuery(fhirBase, nearCap)}`, amount: AUTHORIZE }),
      await phase(pid, `register, ${Math.round(metadata.length / 1024)} KB metadata`, {
        url: `${root}/auth/register`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: metadata,
        amount: REGISTER,
      }),
    ];
    const peak = Math.max(...phases.map((p) => p.peakMb));
    console.log(`\nHostile memory, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}; RSS after start ${startMb.toFixed(0)} MB, ceiling ${CEILING_MB} MB\n`);
    console.log('| phase | requests | answers | time | peak RSS | RSS after |');
    console.log('|---|---:|---|---:|---:|---:|');
    for (const p of phases) console.log(`| ${p.name} | ${p.requests.toLocaleString('en')} | ${p.statuses} | ${p.seconds.toFixed(1)} s | ${p.peakMb.toFixed(0)} MB | ${p.endMb.toFixed(0)} MB |`);
    console.log(`\npeak ${peak.toFixed(0)} MB: ${peak < CEILING_MB ? 'under' : 'OVER'} the ${CEILING_MB} MB ceiling`);
    if (peak >= CEILING_MB) process.exitCode = 1;
  } finally {
    await stop(sandbox);
  }
}

await main();
