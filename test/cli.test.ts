import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { parseCli, UsageError } from '../src/cli-args.js';
import { compilerFlagGiven } from '../src/cli-compiler.js';
import { heapFlagGiven } from '../src/cli-heap.js';
import { wantsGeneratedKey } from '../src/cli-early.js';

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

  for (const [args, message] of [
    [['--pateints', '3'], /^mock-ehr: unknown option --pateints /],
    [['--port', '70000'], /^mock-ehr: --port must be a whole number, from 0 to 65535 \(got '70000'\)/],
    [['--patients', '-3'], /^mock-ehr: --patients must be a whole number, 0 or more \(got '-3'\)/],
    [['--port'], /^mock-ehr: --port needs a value/],
    [['--clients', 'test/fixtures/data/folder/patient.json', '--patients', '0'], /^mock-ehr: clients file \S+ must hold a JSON array of clients/],
    [['--clients', 'no/such/clients.json', '--patients', '0'], /^mock-ehr: cannot read clients file no\/such\/clients\.json/],
    [['--log', 'everything'], /^mock-ehr: --log takes 'flows'/],
  ] as const) {
    it(`exits 2 with one line for ${args.join(' ')}`, async () => {
      const cli = run([...args]);
      const [code] = await once(cli.child, 'exit');
      assert.equal(code, 2);
      const { stderr } = cli.output();
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1, `one line, not the usage: ${stderr}`);
      assert.doesNotMatch(stderr, /Usage:|\bat \S+:\d+|ERR_/, 'no usage, stack or node error code');
    });
  }

  it('prints the help with -h and the version with -v', async () => {
    const help = run(['-h']);
    assert.equal((await once(help.child, 'exit'))[0], 0);
    assert.match(help.output().stdout, /-h, --help/);
    assert.match(help.output().stdout, /--log flows/);
    const version = run(['-v']);
    assert.equal((await once(version.child, 'exit'))[0], 0);
    assert.match(version.output().stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('prints no seeding progress when stderr is not a terminal', async () => {
    const cli = run(['--port', '0', '--patients', '1500']);
    await cli.waitFor(/Press Ctrl\+C/);
    cli.child.kill('SIGTERM');
    await once(cli.child, 'exit');
    assert.doesNotMatch(cli.output().stderr, /generating patients/);
  });

  it('fails before seeding when the port is taken, and points to --port 0', async () => {
    const taken = createNetServer();
    await new Promise<void>((resolve) => taken.listen(0, 'localhost', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      // 100,000 patients would take minutes to seed: the answer comes before any of it.
      const cli = run(['--port', port, '--patients', '100000']);
      const [code] = await once(cli.child, 'exit');
      assert.equal(code, 1);
      assert.match(cli.output().stderr, new RegExp(`port ${port} on localhost is already in use.*--port 0`));
      assert.doesNotMatch(cli.output().stderr, /generating patients/);
    } finally {
      taken.close();
    }
  });

  it('names the home page, demo app and inspector, and with --log flows prints each step of a flow', async () => {
    const cli = run(['--port', '0', '--patients', '1', '--log', 'flows']);
    const out = await cli.waitFor(/Press Ctrl\+C/);
    const home = /Home page\s+(\S+)/.exec(out)![1]!;
    assert.match(out, new RegExp(`Demo app\\s+${home}demo-app/`));
    assert.match(out, new RegExp(`Flow inspector\\s+${home}inspector`));
    await fetch(`${home}fhir/.well-known/smart-configuration`);
    await fetch(`${home}fhir/Patient`);
    const log = await cli.waitFor(/FHIR call FAILED: GET \/fhir\/Patient → 401/);
    assert.match(log, /\d\d:\d\d:\d\d flow-1 {2}Discovery: GET \/fhir\/\.well-known\/smart-configuration/);
    assert.match(log, /└ Refused: no valid access token/);
    cli.child.kill('SIGTERM');
    await once(cli.child, 'exit');
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

  // The command switches V8's optimizing compiler off while it generates (cli-compiler.ts),
  // unless the process was started with compiler flags of its own: those stand, and it runs.
  it('starts under V8 compiler flags of its own (--jitless, --no-opt), and past the patient count where it turns TurboFan on again', async () => {
    for (const [flags, patients] of [[['--jitless'], '2'], [['--no-opt'], '2'], [[], '101']] as const) {
      const cli = run(['--port', '0', '--quiet', '--open', '--patients', patients], {}, [...flags, BIN]);
      const base = (await cli.waitFor(/\n/)).trim();
      const res = await fetch(`${base}/Patient?_summary=count`);
      assert.equal(res.status, 200, flags.join(' '));
      assert.equal(((await res.json()) as { total: number }).total, Number(patients));
      cli.child.kill('SIGTERM');
      assert.equal((await once(cli.child, 'exit'))[0], 0);
    }
  });

  // V8 also reads `--noopt` for `--no-opt` (a `no` prefix without the hyphen); a process started
  // so keeps TurboFan off throughout. With V8's flags frozen (`--freeze-flags-after-init`),
  // changing one aborts the process, so the command leaves them alone.
  it('leaves TurboFan off when started with --noopt, and starts when V8 flags are frozen', async () => {
    const traced = run(['--port', '0', '--quiet', '--open', '--patients', '101'], {}, ['--noopt', '--trace-opt', BIN]);
    const base = (await traced.waitFor(/\n/)).split('\n')[0]!.trim();
    assert.equal((await fetch(`${base}/Patient?_summary=count`)).status, 200);
    traced.child.kill('SIGTERM');
    assert.equal((await once(traced.child, 'exit'))[0], 0);
    assert.doesNotMatch(traced.output().stdout, /turbofan/i, 'no function was optimized with TurboFan');
    const frozen = run(['--port', '0', '--quiet', '--open', '--patients', '2'], {}, ['--freeze-flags-after-init', BIN]);
    const frozenBase = (await frozen.waitFor(/\n/)).trim();
    assert.equal((await fetch(`${frozenBase}/Patient?_summary=count`)).status, 200);
    frozen.child.kill('SIGTERM');
    assert.equal((await once(frozen.child, 'exit'))[0], 0);
  });

  it('starts generating a signing key before loading its code only when it will serve with one', () => {
    assert.equal(wantsGeneratedKey([], {}), true);
    assert.equal(wantsGeneratedKey(['--port', '0', '--patients', '3', '--open'], {}), true);
    for (const argv of [['token'], ['--help'], ['-h'], ['--version'], ['-v'], ['--key-file', 'k.json'], ['--key-file=k.json']]) assert.equal(wantsGeneratedKey(argv, {}), false, argv.join(' '));
    assert.equal(wantsGeneratedKey([], { MOCK_EHR_KEY_FILE: 'k.json' }), false);
  });

  it('tells which V8 flags are about its compilers', () => {
    assert.equal(compilerFlagGiven([], undefined), false);
    assert.equal(compilerFlagGiven(['--max-old-space-size=4096', '--enable-source-maps'], '--max-semi-space-size=64'), false);
    for (const flag of ['--jitless', '--no-opt', '--opt', '--turbofan', '--no_opt', '--maglev', '--max-opt=2', '--noopt', '--noturbofan', '--nomaglev', '--freeze-flags-after-init', '--freeze_flags_after_init']) {
      assert.equal(compilerFlagGiven([flag], undefined), true, flag);
    }
    for (const flag of ['--trace-opt', '--no-optimize-for-size', '--nolazy', '--optimize-for-size']) assert.equal(compilerFlagGiven([flag], undefined), false, flag);
    assert.equal(compilerFlagGiven([], '--trace-gc --jitless'), true);
  });

  // After a large load the command runs one compacting collection (cli-heap.ts), in a process
  // started without --expose-gc; the process's own heap flags stand.
  it('collects the heap once after a large load without exposing gc to the app, and leaves heap flags given to it alone', async () => {
    const script = [
      "import { compactHeapOnce } from './src/cli-heap.ts';",
      'let kept = { big: new Array(1000).fill(1) };',
      'const ref = new WeakRef(kept);',
      'kept = undefined;',
      'await new Promise((resolve) => setTimeout(resolve, 10));',
      'compactHeapOnce([], undefined);',
      "console.log(JSON.stringify({ collected: ref.deref() === undefined, gc: typeof globalThis.gc }));",
    ].join('\n');
    const probe = run(['--input-type=module', '-e', script], {}, ['--import', 'tsx']);
    const [code] = (await once(probe.child, 'exit')) as [number];
    assert.equal(code, 0, probe.output().stderr);
    assert.deepEqual(JSON.parse(probe.output().stdout), { collected: true, gc: 'undefined' });
    assert.equal(heapFlagGiven([], undefined), false);
    assert.equal(heapFlagGiven(['--max-old-space-size=4096', '--trace-gc'], '--max-semi-space-size=64 --expose-gc'), false);
    for (const flag of ['--compact-on-every-full-gc', '--no-compact-on-every-full-gc', '--compact_on_every_full_gc', '--never-compact', '--no-compact', '--noconcurrent-sweeping', '--single-threaded-gc', '--predictable', '--freeze-flags-after-init']) {
      assert.equal(heapFlagGiven([flag], undefined), true, flag);
    }
    assert.equal(heapFlagGiven([], '--trace-gc --never-compact'), true);
    assert.equal(heapFlagGiven(['--no-concurrent-array-buffer-sweeping'], undefined), true);
  });

  it('puts every V8 flag back as it was after that collection, and after pausing TurboFan', () => {
    // V8 prints every flag with its current value for --help, and the process goes on.
    const flags = (change: string): string => {
      const script = [
        "import { setFlagsFromString } from 'node:v8';",
        "import { compactHeapOnce } from './src/cli-heap.ts';",
        "import { pauseOptimizingCompiler } from './src/cli-compiler.ts';",
        change,
        "setFlagsFromString('--help');",
      ].join('\n');
      // V8 writes it with C stdio, which a pipe loses part of at exit: a file keeps it all.
      const file = join(mkdtempSync(join(tmpdir(), 'mock-ehr-flags-')), 'flags.txt');
      const fd = openSync(file, 'w');
      try {
        execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', fd, 'inherit'] });
      } finally {
        closeSync(fd);
      }
      const text = readFileSync(file, 'utf8');
      rmSync(dirname(file), { recursive: true, force: true });
      return text;
    };
    const plain = flags('');
    assert.match(plain, /concurrent-sweeping/);
    assert.equal(flags('compactHeapOnce([], undefined);'), plain, 'after the compacting collection');
    assert.equal(flags('pauseOptimizingCompiler([], undefined)();'), plain, 'after TurboFan is paused and resumed');
  });

  it('with --quiet answers requests sent as soon as the URL is printed, from the full data', async () => {
    const cli = run(['--port', '0', '--quiet', '--open', '--patients', '400']);
    const base = (await cli.waitFor(/\n/)).trim();
    // Sent at once, while the patients are being generated: held, then answered from the whole set.
    const [metadata, patients] = await Promise.all([fetch(`${base}/metadata`), fetch(`${base}/Patient?_summary=count`)]);
    assert.equal(metadata.status, 200);
    assert.equal(((await patients.json()) as { total: number }).total, 400);
    cli.child.kill('SIGTERM');
    assert.equal((await once(cli.child, 'exit'))[0], 0);
  });

  it('exits 1 naming the file and entry when --data holds a bad file', async () => {
    const cli = run(['--port', '0', '--patients', '1', '--data', 'test/fixtures/data/bad']);
    const [code] = await once(cli.child, 'exit');
    assert.equal(code, 1);
    assert.match(cli.output().stderr, /Could not load FHIR data/);
    assert.match(cli.output().stderr, /observations\.json, entry \d/);
  });
});
