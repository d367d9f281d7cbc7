/** Shared pieces of the benchmarks: child servers, medians, autocannon runs on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Started {
  child: ChildProcess;
  url: string;
}

/** Starts a process that prints its URL on the first stdout line; loopback only. */
export async function startProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
  });
  return { child, url };
}

export async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  if (started.child.exitCode === null) await once(started.child, 'exit');
}

export interface LoadResult {
  rps: number;
  /** Mean latency in ms (autocannon's percentiles have 1 ms resolution). */
  mean: number;
  p50: number;
  p99: number;
}

/** One autocannon run against a loopback URL, bounded in time. */
export async function load(url: string, options: { seconds: number; connections: number; headers?: Record<string, string> }): Promise<LoadResult> {
  if (!/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) throw new Error(`refusing to load a non-loopback URL: ${url}`);
  const result = await autocannon({ url, duration: options.seconds, connections: options.connections, headers: options.headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, mean: result.latency.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Several runs, medians of each figure. */
export async function loadMedian(url: string, runs: number, options: Parameters<typeof load>[1]): Promise<LoadResult> {
  const results: LoadResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await load(url, options));
  return {
    rps: median(results.map((r) => r.rps)),
    mean: median(results.map((r) => r.mean)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
  };
}
