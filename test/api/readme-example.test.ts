/**
 * The complete test suite in README.md's "Testing your app with mock-ehr", run exactly as
 * written, importing `mock-ehr` as a user's project does (the built package).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function readmeExample(): string {
  const doc = readFileSync(join(REPO, 'README.md'), 'utf8');
  const m = /<!-- testing-example -->\n```ts\n([\s\S]*?)\n```/.exec(doc);
  assert.ok(m, 'README.md has the testing example');
  return m[1]!;
}

describe("README's testing example, run as written", () => {
  it('passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-readme-'));
    try {
      // The reader's project: mock-ehr and tsx installed, the example as app.test.ts.
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(REPO, join(dir, 'node_modules', 'mock-ehr'), 'dir');
      symlinkSync(join(REPO, 'node_modules', 'tsx'), join(dir, 'node_modules', 'tsx'), 'dir');
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(join(dir, 'app.test.ts'), `${readmeExample()}\n`);
      // Without the parent runner's context, the child reports TAP on its own stdout.
      const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'app.test.ts'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /# pass 5/);
      assert.match(run.stdout, /# fail 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
