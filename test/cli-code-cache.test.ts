/**
 * The command's code runs with a V8 code cache (src/cli-code-cache.ts): the module's exports
 * work with a cache, without one, and with one that is damaged, made for other source or
 * another path; a plain start writes one only when it stops cleanly after serving; the build
 * leaves one a plain start takes, and the package does not ship it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { publicJwk } from '../src/auth/clients/demo-keys.js';
import type { PrivateJwk } from '../src/index.js';
import { backendToken } from './helpers/backend.js';
import type { TestSandbox } from './helpers/sandbox.js';
import { codeCacheFile, mayReplaceCodeCache, requireWithCodeCache } from '../src/cli-code-cache.js';
import { packageRoot } from '../src/paths.js';

const root = packageRoot();
const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-code-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS module using the wrapper's arguments: exports, require, module, __filename, __dirname. */
function writeModule(name: string, word = 'aaa'): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      "const { basename } = require('node:path');",
      'exports.where = () => [basename(__filename), __dirname];',
      'module.exports.twice = (n) => { const lazy = (m) => m * 2; return lazy(n); };',
      `exports.word = () => '${word}';`,
      "exports.self = this === module.exports ? 'exports' : 'other';",
    ].join('\n'),
  );
  return file;
}

interface Sample {
  where(): [string, string];
  twice(n: number): number;
  word(): string;
  self: string;
}

/** Loads `file` with its cache after running what is cached (so lazily compiled functions are in it) and saving. */
function cached(file: string): void {
  const loaded = requireWithCodeCache(file)!;
  const sample = loaded.exports as Sample;
  sample.twice(1);
  sample.word();
  assert.equal(loaded.saveCache(), true);
}

test('a module without a cache runs as CommonJS and can save a cache that the next load takes', () => {
  const file = writeModule('a.cjs');
  const first = requireWithCodeCache(file)!;
  assert.equal(first.cacheAccepted, false);
  const sample = first.exports as Sample;
  assert.deepEqual(sample.where(), ['a.cjs', dir]);
  assert.equal(sample.twice(21), 42);
  assert.equal(sample.self, 'exports');
  assert.equal(first.saveCache(), true);
  assert.ok(existsSync(codeCacheFile(file)));
  assert.match(codeCacheFile(file), new RegExp(`${process.versions.v8.replace(/\./g, '\\.')}\\.cache$`), 'one cache per V8 version');
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.endsWith('.partial')),
    [],
    'no partial file is left',
  );

  const second = requireWithCodeCache(file)!;
  assert.equal(second.cacheAccepted, true);
  assert.equal((second.exports as Sample).twice(5), 10);
});

test('a damaged cache is not given to V8 (it could crash the process), and the module runs', () => {
  const file = writeModule('b.cjs');
  cached(file);
  const bytes = readFileSync(codeCacheFile(file));
  for (const at of [0, 40, bytes.length >> 1, bytes.length - 1]) {
    const damaged = Buffer.from(bytes);
    damaged[at]! ^= 0xff;
    writeFileSync(codeCacheFile(file), damaged);
    const loaded = requireWithCodeCache(file)!;
    assert.equal(loaded.cacheAccepted, false, `byte ${at} flipped`);
    assert.equal((loaded.exports as Sample).twice(4), 8);
  }
  writeFileSync(codeCacheFile(file), 'not a code cache');
  assert.equal(requireWithCodeCache(file)!.cacheAccepted, false);
});

test('a cache made for other source of the same length is not used: the edited code runs', () => {
  const file = writeModule('c.cjs', 'aaa');
  cached(file);
  writeModule('c.cjs', 'bbb');
  const loaded = requireWithCodeCache(file)!;
  assert.equal(loaded.cacheAccepted, false);
  assert.equal((loaded.exports as Sample).word(), 'bbb');
});

test('a cache made for the module at another path is not used (V8 would name that path in stack traces)', () => {
  const file = writeModule('d.cjs');
  cached(file);
  const moved = join(dir, 'moved');
  mkdirSync(moved);
  const there = join(moved, 'd.cjs');
  renameSync(file, there);
  renameSync(codeCacheFile(file), codeCacheFile(there));
  const loaded = requireWithCodeCache(there)!;
  assert.equal(loaded.cacheAccepted, false);
  assert.deepEqual((loaded.exports as Sample).where(), ['d.cjs', moved]);
});

test('no module file: undefined (run from the sources, there is no bundle)', () => {
  assert.equal(requireWithCodeCache(join(dir, 'missing.cjs')), undefined);
});

test('saving into a folder that is gone or cannot be written reports false and throws nothing', () => {
  const sub = join(dir, 'gone');
  mkdirSync(sub);
  const file = join(sub, 'e.cjs');
  writeFileSync(file, 'exports.x = 1;');
  const loaded = requireWithCodeCache(file)!;
  rmSync(sub, { recursive: true, force: true });
  assert.equal(loaded.saveCache(), false);
});

test('only a process started without flags replaces the cache (V8 refuses a cache made under other flags)', () => {
  assert.equal(mayReplaceCodeCache([], undefined), true);
  assert.equal(mayReplaceCodeCache([], ' '), true);
  assert.equal(mayReplaceCodeCache(['--noopt'], undefined), false);
  assert.equal(mayReplaceCodeCache([], '--max-old-space-size=4096'), false);
});

const bundle = join(root, 'dist', 'chunks', 'cli-main.cjs');
const STALE = 'dist/chunks/cli-main.cjs or its code cache is missing or stale: run `npm run build`';
/** This environment as a plain start has it: no NODE_OPTIONS, none of the command's settings. */
const plainEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.startsWith('MOCK_EHR_')));

/** The FHIR base URL a command started with `--quiet` prints on its first line. */
async function printedBase(child: { stdout: Readable }): Promise<string> {
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk as string;
    if (out.includes('\n')) break;
  }
  return out.trim();
}

test("the built command's code runs in strict mode, as the ES modules it is made of do", () => {
  // A probe after the bundle's own code: in strict code, `this` in a plain call is undefined.
  const probe = `${readFileSync(bundle, 'utf8')}\nmodule.exports.__strict = (function () { return this === undefined; })();`;
  const module = { exports: {} as { __strict?: boolean } };
  const wrapper = new Script(Module.wrap(probe), { filename: bundle }).runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  assert.equal(module.exports.__strict, true);
});

test('the build leaves a code cache that a plain start of this Node takes', () => {
  assert.ok(existsSync(bundle) && existsSync(codeCacheFile(bundle)), STALE);
  const check = `import { codeCacheAccepted } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'cli-code-cache.js')).href)};
process.stdout.write(String(codeCacheAccepted(${JSON.stringify(bundle)})));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', check], { env: plainEnv, encoding: 'utf8' });
  assert.equal(out, 'true', STALE);
});

test('the packed package ships no code cache (it is made where it runs)', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ files }] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
  assert.ok(files.some((f) => f.path === 'dist/chunks/cli-main.cjs'), 'the bundle ships');
  assert.deepEqual(
    files.filter((f) => f.path.endsWith('.cache')).map((f) => f.path),
    [],
  );
});

test('a plain start without a cache writes one when it stops cleanly after serving, and not for --version', async () => {
  // A copy of what the package ships, so the build's own cache stays as it is.
  const copy = join(dir, 'package');
  mkdirSync(copy);
  for (const name of ['package.json', 'dist', 'views', 'public', 'generated']) cpSync(join(root, name), join(copy, name), { recursive: true });
  const copied = join(copy, 'dist', 'chunks', 'cli-main.cjs');
  rmSync(codeCacheFile(copied), { force: true });
  const cli = join(copy, 'dist', 'cli.js');

  execFileSync(process.execPath, [cli, '--version'], { env: plainEnv });
  assert.equal(existsSync(codeCacheFile(copied)), false, '--version writes no cache');

  const child = spawn(process.execPath, [cli, '--port', '0', '--quiet', '--patients', '2'], { env: plainEnv, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = once(child, 'exit');
  const res = await fetch(`${await printedBase(child)}/metadata`);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0);
  assert.ok(existsSync(codeCacheFile(copied)), 'a clean stop writes the cache');

  const check = `import { codeCacheAccepted } from ${JSON.stringify(pathToFileURL(join(copy, 'dist', 'src', 'cli-code-cache.js')).href)};
process.stdout.write(String(codeCacheAccepted(${JSON.stringify(copied)})));`;
  assert.equal(execFileSync(process.execPath, ['--input-type=module', '-e', check], { env: plainEnv, encoding: 'utf8' }), 'true');
});

test('a start that runs from the code cache fetches a client key set by host name (the resolver and https load lazily)', async () => {
  const bundleCache = codeCacheFile(bundle);
  assert.ok(existsSync(bundleCache), STALE);
  // A backend client whose keys are served on loopback, at a URL with a host name.
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const key = { ...privateKey.export({ format: 'jwk' }), kid: 'by-name', alg: 'ES384' } as PrivateJwk;
  const keys = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk(key)] })));
  await new Promise<void>((resolve) => keys.listen({ port: 0, host: '::', ipv6Only: false }, resolve));
  const jwksUri = `http://localhost:${(keys.address() as AddressInfo).port}/jwks.json`;
  const clients = join(dir, 'clients.json');
  writeFileSync(clients, JSON.stringify([{ clientId: 'by-name', type: 'backend-service', jwksUri, scope: 'system/*.rs' }]));
  const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), '--port', '0', '--quiet', '--clients', clients], { env: plainEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  try {
    const origin = new URL(await printedBase(child)).origin;
    const reply = await backendToken({ url: origin } as TestSandbox, { clientId: 'by-name', key });
    assert.equal(reply.status, 200, `${JSON.stringify(reply.body)}\n${errors}`);
  } finally {
    child.kill('SIGKILL');
    await new Promise<void>((resolve) => keys.close(() => resolve()));
  }
});
