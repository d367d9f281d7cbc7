#!/usr/bin/env node
/**
 * The `mock-ehr` command: flags and environment variables to options, then listen and
 * print where everything is. No logic of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, usage, UsageError, type CliConfig } from './cli-args.js';
import { DEMO_BACKEND_CLIENT_ID } from './auth/clients/demo-clients.js';
import { writeDemoKeyFile } from './auth/clients/demo-key-file.js';
import { ConfigError } from './config.js';
import { DataLoadError } from './data/errors.js';
import { packageRoot } from './paths.js';
import { urlFor } from './routes.js';
import { createSandbox } from './sandbox.js';

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Shows seeding progress on stderr once it has taken more than half a second (thousands of
 * patients take a while); a small data set prints nothing.
 */
function seedProgress(): (done: number, total: number) => void {
  const started = performance.now();
  let shown = -1;
  return (done, total) => {
    if (performance.now() - started < 500) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === shown) return;
    shown = percent;
    const line = `mock-ehr: generating patients ${done}/${total} (${percent}%)`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}${done === total ? '\n' : ''}` : percent % 10 === 0 ? `${line}\n` : '');
  };
}

async function main(): Promise<void> {
  let cli: CliConfig;
  try {
    cli = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mock-ehr: ${error.message}\n\n${usage()}\n`);
    process.exit(2);
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
  let sandbox;
  try {
    sandbox = await createSandbox(cli.options, { onSeedProgress: cli.quiet ? undefined : seedProgress() });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mock-ehr: ${error.message}\n\n${usage()}\n`);
      process.exit(2);
    }
    if (error instanceof DataLoadError) {
      process.stderr.write(`mock-ehr: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`mock-ehr: ${(error as Error).message}\n`);
    process.exit(1);
  }
  try {
    await sandbox.listen(cli.port, cli.host);
  } catch (error) {
    process.stderr.write(`mock-ehr: cannot listen on ${cli.host}:${cli.port}: ${(error as Error).message}\n`);
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
  if (cli.quiet) {
    process.stdout.write(`${sandbox.fhirBaseUrl}\n`);
  } else {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      [
        `mock-ehr ${version()} is running (${sandbox.store.count()} resources, ready in ${ms} ms)`,
        '',
        `  EHR launcher         ${urlFor(root, 'home')}`,
        `  FHIR base URL        ${sandbox.fhirBaseUrl}`,
        `  SMART configuration  ${urlFor(root, 'smartConfiguration')}`,
        `  Authorize            ${urlFor(root, 'authorize')}`,
        `  Token                ${urlFor(root, 'token')}`,
        `  CapabilityStatement  ${sandbox.fhirBaseUrl}/metadata`,
        ...(backendKey && demoBackend ? [`  Demo backend key     ${backendKey} (client_id ${demoBackend.clientId}, scope ${demoBackend.scope.join(' ')})`] : []),
        '',
        'Press Ctrl+C to stop.',
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
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
