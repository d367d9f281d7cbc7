/**
 * Writes the command's V8 code cache (read by src/cli-code-cache.ts) after the build: it starts
 * the built command as a plain start (no flags, none of the command's environment variables),
 * which finds no cache and writes one when it stops cleanly; asks it what an app's first
 * minute asks (discovery, the CapabilityStatement, the home page, an unauthorized FHIR
 * search); stops it; and checks, in a plain process too, that V8 takes the cache.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeCacheFile } from '../src/cli-code-cache.js';
import { packageRoot } from '../src/paths.js';

const root = packageRoot();
const bundle = join(root, 'dist', 'chunks', 'cli-main.cjs');
rmSync(codeCacheFile(bundle), { force: true });

/** This environment without NODE_OPTIONS (V8 flags there would change the cache) and MOCK_EHR_* (the command's settings). */
const plainEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.startsWith('MOCK_EHR_')));

const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'], env: plainEnv });
const exited = once(child, 'exit');
const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
try {
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
} finally {
  clearTimeout(timeout);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

const check = `import { codeCacheAccepted } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'cli-code-cache.js')).href)};
process.exit(codeCacheAccepted(${JSON.stringify(bundle)}) ? 0 : 3);`;
const checked = spawnSync(process.execPath, ['--input-type=module', '-e', check], { env: plainEnv, stdio: 'inherit' });
if (checked.status !== 0) throw new Error(`${codeCacheFile(bundle)}: missing, or a plain start of this Node refuses it`);
console.log(codeCacheFile(bundle).slice(root.length + 1));
