/**
 * The `mock-ehr` command once its code is loaded (cli.ts starts it): flags and environment
 * variables to options, then listen and print where everything is. No logic of its own.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, usage, UsageError, type CliConfig } from './cli-args.js';
import { mintToken } from './cli-token.js';
import { OPTIMIZE_AFTER_PATIENTS, pauseOptimizingCompiler } from './cli-compiler.js';
import { COMPACT_FROM_PATIENTS, compactHeapOnce } from './cli-heap.js';
import { DEMO_BACKEND_CLIENT_ID } from './auth/clients/demo-clients.js';
import { writeDemoKeyFile } from './auth/clients/demo-key-file.js';
import { ConfigError, resolveOptions } from './config.js';
import { DataLoadError } from './data/errors.js';
import { packageRoot } from './paths.js';
import { PAGE_ROUTES } from './pages/routes.js';
import { urlFor } from './routes.js';
import { listenEarly } from './http/early-server.js';
import { listeningRoot, startSandbox } from './sandbox.js';

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * One progress line on a terminal, rewritten in place while seeding takes more than half a
 * second (thousands of patients take a while) and erased when done. Nothing when stderr is
 * not a terminal (logs, CI) or with --quiet.
 */
function seedProgress(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = performance.now();
  let shown = -1;
  return (done, total) => {
    if (performance.now() - started < 500) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === shown) return;
    shown = percent;
    const line = `mock-ehr: generating patients ${done}/${total} (${percent}%)`;
    process.stderr.write(done === total ? `\r${' '.repeat(line.length)}\r` : `\r${line}`);
  };
}

function usageFail(message: string): never {
  process.stderr.write(`mock-ehr: ${message} (mock-ehr --help lists the options)\n`);
  process.exit(2);
}

async function tokenCommand(argv: string[]): Promise<void> {
  try {
    process.stdout.write(`${await mintToken(argv)}\n`);
  } catch (error) {
    if (error instanceof UsageError) usageFail(error.message);
    process.stderr.write(`mock-ehr token: ${(error as Error).message} (is mock-ehr running there?)\n`);
    process.exit(1);
  }
}

/** What cli.ts follows of the command's run. */
export interface MainHooks {
  /** Called when the server stopped on SIGINT or SIGTERM after serving, before the process exits. */
  onCleanStop?: () => void;
}

/** Runs the command; `signingKey`: the signing key cli.ts started generating, if it did. */
export async function main(signingKey?: Promise<KeyObject>, hooks: MainHooks = {}): Promise<void> {
  if (process.argv[2] === 'token') {
    await tokenCommand(process.argv.slice(3));
    return;
  }
  let cli: CliConfig;
  try {
    cli = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    usageFail(error.message);
  }
  if (cli.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  if (cli.version) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const started = performance.now();
  let resolved;
  try {
    resolved = resolveOptions(cli.logFlows ? { ...cli.options, logFlows: true } : cli.options);
  } catch (error) {
    if (error instanceof ConfigError) usageFail(error.problems.join('; '));
    process.stderr.write(`mock-ehr: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // Listen before seeding: a taken port fails at once, and a client that connects as soon as
  // it reads the URL waits on an open connection; requests are held until the sandbox is ready.
  let early;
  try {
    early = await listenEarly(cli.port, cli.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`mock-ehr: port ${cli.port} on ${cli.host} is already in use; stop the other server, or use --port 0 for any free port\n`);
    } else {
      process.stderr.write(`mock-ehr: cannot listen on ${cli.host}:${cli.port}: ${(error as Error).message}\n`);
    }
    process.exit(1);
  }
  if (cli.quiet) process.stdout.write(`${urlFor(listeningRoot(early.server, early.host, resolved.baseUrl), 'fhir')}\n`);
  let sandbox;
  // TurboFan is off while the first patients are generated (cli-compiler.ts).
  const resumeCompiler = pauseOptimizingCompiler();
  const progress = cli.quiet ? undefined : seedProgress();
  const onSeedProgress = (done: number, total: number): void => {
    if (done === OPTIMIZE_AFTER_PATIENTS) resumeCompiler();
    progress?.(done, total);
  };
  try {
    // A large load with data files shares equal elements, which leaves free space in the heap's
    // pages: one compaction before serving (cli-heap.ts). The seed alone replaces nothing.
    const onLoaded = resolved.data.length > 0 && resolved.patients >= COMPACT_FROM_PATIENTS ? () => compactHeapOnce() : undefined;
    sandbox = await startSandbox(resolved, { onSeedProgress, onGenerated: resumeCompiler, onLoaded, server: early, signingKey });
  } catch (error) {
    if (error instanceof DataLoadError) {
      process.stderr.write(`mock-ehr: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`mock-ehr: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const root = sandbox.url;
  const demoBackend = sandbox.clients.get(DEMO_BACKEND_CLIENT_ID);
  let backendKey: string | undefined;
  try {
    backendKey = writeDemoKeyFile(demoBackend);
  } catch (error) {
    process.stderr.write(`mock-ehr: could not write the demo backend key file: ${(error as Error).message}\n`);
  }
  if (!cli.quiet) {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      [
        `mock-ehr ${version()} is running (${sandbox.store.count()} resources, ready in ${ms} ms)`,
        '',
        `  Home page            ${urlFor(root, 'home')}  (press "Launch the demo app")`,
        `  Demo app             ${root}${PAGE_ROUTES.demoApp}/`,
        `  Flow inspector       ${root}${PAGE_ROUTES.inspector}`,
        `  FHIR base URL        ${sandbox.fhirBaseUrl}`,
        `  SMART configuration  ${urlFor(root, 'smartConfiguration')}`,
        `  Authorize            ${urlFor(root, 'authorize')}`,
        `  Token                ${urlFor(root, 'token')}`,
        `  CapabilityStatement  ${sandbox.fhirBaseUrl}/metadata`,
        ...(backendKey && demoBackend ? [`  Demo backend key     ${backendKey} (client_id ${demoBackend.clientId}, scope ${demoBackend.scope.join(' ')})`] : []),
        '',
        cli.logFlows ? 'Logging each step of every flow below. Press Ctrl+C to stop.' : 'Add --log flows to print each step of every launch here. Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  }
  if (sandbox.options.open) {
    process.stderr.write(
      [
        '',
        '  ************************************************************************',
        '  *  OPEN MODE: the FHIR API answers WITHOUT access tokens or scopes.    *',
        '  *  Fine for exploring with curl; apps tested this way learn nothing    *',
        '  *  about authorization. Start without --open to enforce SMART scopes.  *',
        '  ************************************************************************',
        '',
        '',
      ].join('\n'),
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (!cli.quiet) process.stdout.write(`\nmock-ehr: ${signal} received, closing\n`);
    sandbox.close().then(
      () => {
        hooks.onCleanStop?.();
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
