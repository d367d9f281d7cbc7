/**
 * The first screen of README.md, run as written: the token-less curl with --open, the curl
 * with a token minted in one command; the start-up banner of docs/options.md; and the files
 * `npm pack` ships (the demo app, the pages' scripts and the docs pages the README links to).
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { packageRoot } from '../src/paths.js';

const REPO = packageRoot();
const CLI = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(join(REPO, 'src/cli.ts'))}`;
const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** The code block of `page` (README.md unless told) that follows `<!-- first-launch:{name} -->`. */
function snippet(name: string, page = 'README.md'): string {
  const doc = readFileSync(join(REPO, page), 'utf8');
  const m = new RegExp(`<!-- first-launch:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  assert.ok(m, `${page} has the ${name} snippet`);
  return m[1]!;
}

const running: ChildProcess[] = [];

/** Starts the command as the snippet's first line does (on any free port, small data); returns its output and root URL. */
async function start(firstLine: string): Promise<{ output: () => string; root: string }> {
  const args = firstLine.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli.ts'), ...args, '--port', '0', '--patients', '3'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  while (!/Press Ctrl\+C/.test(out)) {
    if (child.exitCode !== null) throw new Error(`mock-ehr exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { output: () => out, root: /Home page\s+(\S+)\//.exec(out)![1]! };
}

/** Runs the snippet's other lines in bash, with the sandbox's real URL and the command from this checkout. */
async function shell(lines: string[], root: string): Promise<string> {
  const script = lines.join('\n').replaceAll('http://localhost:4013', root).replaceAll('npx mock-ehr', CLI);
  const { stdout } = await promisify(execFile)('bash', ['-e', '-c', script], { cwd: REPO, env: { ...process.env, MOCK_EHR_URL: root } });
  return stdout;
}

describe('the first screen of README.md, run as written', () => {
  after(async () => {
    for (const child of running) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  });

  it('curl without a token, against a sandbox started with --open', { skip: !hasCurl && 'curl is not installed' }, async () => {
    const [first, ...rest] = snippet('open').split('\n');
    assert.match(first!, /^npx mock-ehr --open\b/);
    const { root } = await start(first!);
    const bundle = JSON.parse(await shell(rest, root)) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.entry.length, 2);
    assert.ok(bundle.entry.every((e) => e.resource.resourceType === 'Patient'));
  });

  it('curl with a token minted in one command', { skip: !hasCurl && 'curl is not installed' }, async () => {
    const [first, ...rest] = snippet('token').split('\n');
    const { root } = await start(first!);
    assert.match(rest.join('\n'), /TOKEN=\$\(npx mock-ehr token\)/);
    const bundle = JSON.parse(await shell(rest, root)) as { resourceType: string; entry: unknown[] };
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.entry.length, 2);
  });

  it('the sample start-up output is what the command prints', async () => {
    const { output, root } = await start('npx mock-ehr');
    const sample = snippet('banner', 'docs/options.md').split('\n');
    assert.match(output(), /^mock-ehr \d+\.\d+\.\d+ is running \(\d+ resources, ready in \d+ ms\)\n\n/);
    const printed = output().split('\n').filter((l) => /^ {2}\S/.test(l));
    const expected = sample.filter((l) => /^ {2}\S/.test(l));
    assert.deepEqual(printed.map((l) => l.slice(0, 23)), expected.map((l) => l.slice(0, 23)), 'the same lines in the same order');
    for (const line of expected.filter((l) => !l.includes('Demo backend key'))) {
      assert.ok(printed.includes(line.replaceAll('http://localhost:4013', root)), `prints: ${line}`);
    }
  });

  it('npm pack ships the demo app, the pages\' scripts, the views and the docs pages', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const files = new Set((JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    for (const file of ['public/demo-app/index.html', 'public/demo-app/app.js', 'public/demo-app/smart.js', 'public/assets/home.js', 'public/assets/inspector.js', 'views/launcher.ejs', 'views/inspector.ejs', 'dist/cli.js', 'docs/options.md', 'docs/testing.md', 'docs/authorization-server.md']) {
      assert.ok(files.has(file), `${file} is in the package`);
    }
    assert.ok(![...files].some((f) => f.startsWith('docs/screenshots/')), 'the README screenshots stay out of the package');
  });
});
