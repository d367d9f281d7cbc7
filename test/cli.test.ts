import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCli, UsageError } from '../src/cli-args.js';

const CLI = ['--import', 'tsx', 'src/cli.ts'];
/** The package's bin: the command bundled into one file by `npm run build`. */
const BIN = 'dist/cli.js';

function run(args: string[], env: Record<string, string> = {}, command: string[] = CLI) {
  const child = spawn(process.execPath, [...command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return {
    child,
    output: () => ({ stdout, stderr }),
    waitFor: async (pattern: RegExp): Promise<string> => {
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return stdout;
    },
  };
}

describe('mock-ehr command line', () => {
  it('parses flags, with flags winning over environment variables', () => {
    const cli = parseCli(['--port', '0', '--seed', '9', '--data', 'a.json', '--data', 'b'], {
      MOCK_EHR_SEED: '3',
      MOCK_EHR_PATIENTS: '12',
      MOCK_EHR_BASE_URL: 'https://x.test',
    });
    assert.equal(cli.port, 0);
    assert.deepEqual(cli.options, { seed: 9, patients: 12, data: ['a.json', 'b'], baseUrl: 'https://x.test' });
  });

  it('parses the hardening flags: hosts, registration token, caps, private key-set addresses', () => {
    const cli = parseCli(['--allowed-hosts', 'ehr.test, .apps.test', '--registration-token', 'a-token-of-16-chars', '--max-clients', '5', '--jwks-allow-private'], { MOCK_EHR_MAX_PENDING: '7' });
    assert.deepEqual(cli.options, { allowedHosts: ['ehr.test', '.apps.test'], registrationToken: 'a-token-of-16-chars', maxClients: 5, maxPendingAuthorizations: 7, jwksAllowPrivate: true });
    assert.equal(parseCli(['--allowed-hosts', 'all'], {}).options.allowedHosts, 'all');
  });

  it('relaxes referential integrity with --no-referential-integrity or its environment variable', () => {
    assert.equal(parseCli(['--no-referential-integrity'], {}).options.referentialIntegrity, false);
    assert.equal(parseCli([], { MOCK_EHR_NO_REFERENTIAL_INTEGRITY: '1' }).options.referentialIntegrity, false);
    assert.equal(parseCli([], {}).options.referentialIntegrity, undefined);
  });

  it('rejects unknown flags and bad numbers', () => {
    assert.throws(() => parseCli(['--colour'], {}), UsageError);
    assert.throws(() => parseCli(['--port', 'eighty'], {}), /--port must be a whole number/);
    assert.throws(() => parseCli([], { MOCK_EHR_PATIENTS: 'many' }), /--patients must be a whole number/);
  });

  it('exits 2 with the message and the usage on a bad flag', async () => {
    const cli = run(['--pateints', '3']);
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 2);
    assert.match(cli.output().stderr, /pateints/);
    assert.match(cli.output().stderr, /Usage: mock-ehr/);
  });

  it('prints the usage with --help and exits 0', async () => {
    const cli = run(['--help']);
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 0);
    assert.match(cli.output().stdout, /--base-url URL/);
  });

  it('starts, prints the FHIR base URL, serves it, and closes cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--patients', '2']);
    const out = await cli.waitFor(/Press Ctrl\+C/);
    const base = /FHIR base URL\s+(\S+)/.exec(out)?.[1];
    assert.ok(base, out);
    const res = await fetch(`${base}/metadata`);
    assert.equal(res.status, 200);
    cli.child.kill('SIGTERM');
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 0);
  });

  it('runs as the bundled bin too: pages, the FHIR API with validation, and a clean exit', async () => {
    assert.ok(existsSync(BIN), `${BIN} is missing: npm run build makes it`);
    const cli = run(['--port', '0', '--patients', '2', '--open'], {}, [BIN]);
    const out = await cli.waitFor(/Press Ctrl\+C/);
    const base = /FHIR base URL\s+(\S+)/.exec(out)![1]!;
    assert.equal((await fetch(new URL('/', base))).status, 200, 'the launcher page renders (views and EJS found)');
    const invalid = await fetch(`${base}/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":"Patient","bogus":1}' });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /unknown element 'bogus'/, 'the precompiled validator is found');
    cli.child.kill('SIGINT');
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 0);
  });

  it('exits 1 naming the file and entry when --data holds a bad file', async () => {
    const cli = run(['--port', '0', '--patients', '1', '--data', 'test/fixtures/data/bad']);
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 1);
    assert.match(cli.output().stderr, /Could not load FHIR data/);
    assert.match(cli.output().stderr, /observations\.json, entry \d/);
  });
});
