#!/usr/bin/env node
/**
 * The `mock-ehr` command: flags and environment variables to options, then listen and
 * print where everything is. No logic of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, usage, UsageError, type CliConfig } from './cli-args.js';
import { ConfigError } from './config.js';
import { packageRoot } from './paths.js';
import { urlFor } from './routes.js';
import { createSandbox } from './sandbox.js';

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
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
    sandbox = await createSandbox(cli.options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mock-ehr: ${error.message}\n\n${usage()}\n`);
      process.exit(2);
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
