/**
 * Writes the command's V8 code cache (`dist/chunks/cli-main.cjs.cache`, read by
 * src/cli-code-cache.ts) after the build: it starts the built command, which finds no cache and
 * writes one when it exits, asks it what an app's first minute asks (discovery, the
 * CapabilityStatement, the home page, an unauthorized FHIR search), stops it, and checks that
 * V8 takes the cache it wrote.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Module } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { codeCacheFile } from '../src/cli-code-cache.js';
import { packageRoot } from '../src/paths.js';

const root = packageRoot();
const bundle = join(root, 'dist', 'chunks', 'cli-main.cjs');
const cache = codeCacheFile(bundle);
rmSync(cache, { force: true });

const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), '--port', '0', '--quiet'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  // A plain start: only one writes the cache (src/cli-code-cache.ts).
  env: { ...process.env, NODE_OPTIONS: '' },
});
const exited = once(child, 'exit');
let out = '';
child.stdout.setEncoding('utf8');
for await (const chunk of child.stdout) {
  out += chunk as string;
  if (out.includes('\n')) break;
}
const fhirBase = out.trim();
const origin = new URL(fhirBase).origin;
for (const url of [`${fhirBase}/.well-known/smart-configuration`, `${fhirBase}/metadata`, `${origin}/`, `${fhirBase}/Patient`]) {
  const res = await fetch(url);
  await res.arrayBuffer();
}
child.kill('SIGINT');
await exited;

if (!existsSync(cache)) throw new Error(`${cache} was not written`);
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(cache) });
if (script.cachedDataRejected) throw new Error(`${cache}: V8 refuses the cache it just wrote`);
console.log(`${cache.slice(root.length + 1)} (${(readFileSync(cache).length / 1e6).toFixed(1)} MB)`);
