/**
 * `import 'mock-ehr'` loads the bundled entry (dist/index.js, made by `npm run build`): it
 * exposes exactly the named exports of src/index.ts, and a sandbox made from it serves (the
 * bundle finds the views and the precompiled validator that ship beside it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import request from 'supertest';
import * as source from '../src/index.js';

// A specifier held in a variable: typechecking does not need the package built.
const PACKAGE = 'mock-ehr';
const STALE = 'the built package entry differs from src/index.ts: run `npm run build`';

interface PackageJson {
  main: string;
  types: string;
  exports: Record<string, { types: string; import: string }>;
}

test('package.json points import at the bundle and types at the declarations tsc emits', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;
  assert.deepEqual(pkg.exports['.'], { types: './dist/src/index.d.ts', import: './dist/index.js' });
  assert.equal(pkg.main, './dist/index.js');
  assert.equal(pkg.types, './dist/src/index.d.ts');
});

test("import 'mock-ehr' exposes the same named exports as src/index.ts", async () => {
  // The package imports itself by name through its "exports" map.
  const built = (await import(PACKAGE)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(built).sort(), Object.keys(source).sort(), STALE);
  for (const [name, value] of Object.entries(source)) assert.equal(typeof built[name], typeof value, `${name}: ${STALE}`);
});

test('a sandbox made from the built entry serves FHIR and its pages', async () => {
  const { createSandbox } = (await import(PACKAGE)) as typeof source;
  const sb = await createSandbox({ patients: 1, open: true });
  const metadata = await request(sb.app).get('/fhir/metadata');
  assert.equal(metadata.status, 200);
  assert.equal((metadata.body as { resourceType: string }).resourceType, 'CapabilityStatement');
  const patients = await request(sb.app).get('/fhir/Patient');
  assert.equal((patients.body as { total: number }).total, 1);
  const launcher = await request(sb.app).get('/');
  assert.equal(launcher.status, 200);
});
