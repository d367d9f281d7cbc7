/**
 * The command's code runs with a V8 code cache (src/cli-code-cache.ts): the module's exports
 * work with a cache, without one and with a broken one; a refused cache is replaced; and the
 * cache the build ships is one this Node takes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { after, test } from 'node:test';
import { codeCacheFile, mayReplaceCodeCache, requireWithCodeCache } from '../src/cli-code-cache.js';
import { packageRoot } from '../src/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-code-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS module using the wrapper's arguments: exports, require, module, __filename, __dirname. */
function writeModule(name: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      "const { basename } = require('node:path');",
      'exports.where = () => [basename(__filename), __dirname];',
      'module.exports.twice = (n) => { const lazy = (m) => m * 2; return lazy(n); };',
      "exports.self = this === module.exports ? 'exports' : 'other';",
    ].join('\n'),
  );
  return file;
}

interface Sample {
  where(): [string, string];
  twice(n: number): number;
  self: string;
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
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.endsWith('.partial')),
    [],
    'no partial file is left',
  );

  const second = requireWithCodeCache(file)!;
  assert.equal(second.cacheAccepted, true);
  assert.equal((second.exports as Sample).twice(5), 10);
});

test('a cache V8 refuses (another version, or damaged) is not used, and the module still runs', () => {
  const file = writeModule('b.cjs');
  writeFileSync(codeCacheFile(file), 'not a code cache');
  const loaded = requireWithCodeCache(file)!;
  assert.equal(loaded.cacheAccepted, false);
  assert.equal((loaded.exports as Sample).twice(4), 8);
  assert.equal(loaded.saveCache(), true);
  assert.equal(requireWithCodeCache(file)!.cacheAccepted, true);
});

test('a cache made for other source is refused', () => {
  const file = writeModule('c.cjs');
  requireWithCodeCache(file)!.saveCache();
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nexports.extra = 1; // a longer source`);
  const loaded = requireWithCodeCache(file)!;
  assert.equal(loaded.cacheAccepted, false);
  assert.equal((loaded.exports as { extra: number }).extra, 1);
});

test('no module file: undefined (run from the sources, there is no bundle)', () => {
  assert.equal(requireWithCodeCache(join(dir, 'missing.cjs')), undefined);
});

test('saving into a folder that cannot be written reports false and throws nothing', () => {
  const file = writeModule('d.cjs');
  const loaded = requireWithCodeCache(file)!;
  rmSync(dir, { recursive: true, force: true });
  assert.equal(loaded.saveCache(), false);
});

test('only a process started without flags replaces the cache (V8 refuses a cache made under other flags)', () => {
  assert.equal(mayReplaceCodeCache([], undefined), true);
  assert.equal(mayReplaceCodeCache([], ' '), true);
  assert.equal(mayReplaceCodeCache(['--noopt'], undefined), false);
  assert.equal(mayReplaceCodeCache([], '--max-old-space-size=4096'), false);
});

test("the built command's code runs in strict mode, as the ES modules it is made of do", () => {
  const bundle = join(packageRoot(), 'dist', 'chunks', 'cli-main.cjs');
  // A probe after the bundle's own code: in strict code, `this` in a plain call is undefined.
  const probe = `${readFileSync(bundle, 'utf8')}\nmodule.exports.__strict = (function () { return this === undefined; })();`;
  const module = { exports: {} as { __strict?: boolean } };
  const wrapper = new Script(Module.wrap(probe), { filename: bundle }).runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  assert.equal(module.exports.__strict, true);
});

test('the built command ships a code cache this Node takes', () => {
  const bundle = join(packageRoot(), 'dist', 'chunks', 'cli-main.cjs');
  const stale = 'dist/chunks/cli-main.cjs or its cache is missing or stale: run `npm run build`';
  assert.ok(existsSync(bundle) && existsSync(codeCacheFile(bundle)), stale);
  const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(codeCacheFile(bundle)) });
  assert.equal(script.cachedDataRejected, false, stale);
});
