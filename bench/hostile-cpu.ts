/**
 * Hostile input, CPU per request (loopback only; figures go to docs/performance.md, never into tests).
 * Starts `dist/cli.js --open` (default data: 50 patients) in its own process and sends each
 * hostile request of the FHIR API's security model REPEATS times, one at a time, recording
 * the worst round trip: the inputs that are refused (past a search limit, too deep, corrupt)
 * and the costliest searches still allowed at each limit. Target: under 100 ms each.
 * `--open` is the worst case: no token narrows a search to one patient's records.
 * Run `npm run bench:hostile` (it builds first). BENCH_RUNS (default 5) sets REPEATS.
 */
import { CLI, startProcess, stop } from './lib.js';

const REPEATS = Number(process.env.BENCH_RUNS ?? '5');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const FHIR_JSON = { 'content-type': 'application/fhir+json' };

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  /** The status the sandbox must answer. */
  expect: number;
}

const list = (n: number, value: (i: number) => string): string => Array.from({ length: n }, (_, i) => value(i)).join(',');
const repeat = (n: number, pair: string): string => Array.from({ length: n }, () => pair).join('&');
const deep = (levels: number): string => `{"resourceType":"Observation","status":"final","code":{"text":"x"},"extension":[${'{"url":"u","extension":['.repeat(levels)}${']}'.repeat(levels)}]}`;

function cases(): Case[] {
  const allStatuses = list(100, (i) => (i % 2 ? 'final' : `s${i}`));
  return [
    { name: 'baseline: `Observation?_count=500`', path: '/Observation?_count=500', expect: 200 },
    { name: 'baseline: `Patient?_revinclude=Observation:subject&_count=500`', path: '/Patient?_revinclude=Observation:subject&_count=500', expect: 200 },
    { name: 'baseline: `Observation?_sort=-date&_count=500`', path: '/Observation?_sort=-date&_count=500', expect: 200 },
    { name: 'POST `_search` form with 500,000 OR values', path: '/Observation/_search', init: { method: 'POST', headers: FORM, body: `code=${list(500_000, (i) => `c${i}`)}` }, expect: 400 },
    { name: '`code` with 101 OR values', path: `/Observation?code=${list(101, (i) => `c${i}`)}`, expect: 400 },
    { name: '`status` with 100 OR values (at the limit, matching every Observation)', path: `/Observation?status=${allStatuses}&_count=500`, expect: 200 },
    { name: 'POST `_search` form: 50 parameters of 100 OR values each', path: '/Observation/_search', init: { method: 'POST', headers: FORM, body: repeat(49, `status=${allStatuses}`) + '&_count=500' }, expect: 400 },
    { name: 'POST `_search` form: 9 parameters of 100 OR values each and `_count=500` (near the limits)', path: '/Observation/_search', init: { method: 'POST', headers: FORM, body: repeat(9, `status=${allStatuses}`) + '&_count=500' }, expect: 200 },
    { name: '999 `_revinclude`', path: '/Patient/_search', init: { method: 'POST', headers: FORM, body: repeat(999, '_revinclude=Observation:subject') }, expect: 400 },
    { name: '10 `_revinclude`, 2 distinct (at the limit), `_count=500`', path: `/Patient?${repeat(5, '_revinclude=Observation:subject')}&${repeat(5, '_revinclude=Encounter:subject')}&_count=500`, expect: 200 },
    { name: '10 distinct `_include` (at the limit), `_count=500`', path: `/Observation?${['subject', 'patient', 'encounter', 'performer', 'based-on', 'derived-from', 'has-member', 'specimen', 'device', '*'].map((p) => `_include=Observation:${p}`).join('&')}&_count=500`, expect: 200 },
    { name: '999 `_sort` keys', path: `/Observation?_sort=${list(999, (i) => (i % 2 ? '-date' : 'code'))}`, expect: 400 },
    { name: '5 `_sort` keys (at the limit), `_count=500`', path: '/Observation?_sort=code,-date,status,-category,value-quantity&_count=500', expect: 200 },
    { name: 'URL of 8,193 characters', path: `/Observation?code=${'a'.repeat(8193)}`, expect: 400 },
    { name: 'resource nested 100,000 levels deep', path: '/Observation', init: { method: 'POST', headers: FHIR_JSON, body: deep(100_000) }, expect: 400 },
    { name: 'corrupt `Content-Encoding: deflate` body', path: '/Observation', init: { method: 'POST', headers: { ...FHIR_JSON, 'content-encoding': 'deflate' }, body: 'x'.repeat(100_000) }, expect: 400 },
    { name: '`__proto__` member in a transaction entry', path: '', init: { method: 'POST', headers: FHIR_JSON, body: '{"resourceType":"Bundle","type":"transaction","entry":[{"__proto__":{"x":1},"resource":{"resourceType":"Basic"},"request":{"method":"POST","url":"Basic"}}]}' }, expect: 400 },
  ];
}

async function worst(base: string, c: Case): Promise<number> {
  let max = 0;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${c.path}`, c.init);
    await res.arrayBuffer();
    max = Math.max(max, performance.now() - t0);
    if (res.status !== c.expect) throw new Error(`${c.name}: expected ${c.expect}, got ${res.status}`);
  }
  return max;
}

async function main(): Promise<void> {
  const sandbox = await startProcess([CLI, '--port', '0', '--host', '127.0.0.1', '--quiet', '--open']);
  try {
    const base = sandbox.url; // the CLI prints the FHIR base first
    if (!/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(base)) throw new Error(`refusing a non-loopback URL: ${base}`);
    await worst(base, { name: 'warm-up', path: '/Observation?_count=500', expect: 200 });
    console.log(`\n### Hostile input: worst round trip of ${REPEATS} requests each (--open, default data)\n`);
    console.log('| request | answer | worst (ms) |');
    console.log('|---|---:|---:|');
    for (const c of cases()) {
      const ms = await worst(base, c);
      console.log(`| ${c.name} | ${c.expect} | ${ms.toFixed(0)} |`);
    }
  } finally {
    await stop(sandbox);
  }
}

await main();
