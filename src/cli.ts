#!/usr/bin/env node
/**
 * The `mock-ehr` command's entry. It starts generating the token signing key (RS256, SMART
 * App Launch 2.2 "OpenID Connect") before it loads the rest of its code: the key is made on
 * the thread pool while this thread compiles and runs the modules, instead of beside the
 * data generation that follows, and the first token request does not wait for it.
 *
 * The rest of the code is the build's CommonJS bundle, run with its V8 code cache
 * (cli-code-cache.ts); run from the sources (no bundle beside this file), it is imported.
 */
import { fileURLToPath } from 'node:url';
import { startKeyGeneration } from './auth/keys/key-generation.js';
import { mayReplaceCodeCache, requireWithCodeCache } from './cli-code-cache.js';
import { wantsGeneratedKey } from './cli-early.js';
import type * as CliMainModule from './cli-main.js';

const signingKey = wantsGeneratedKey(process.argv.slice(2), process.env) ? startKeyGeneration() : undefined;
const bundled = requireWithCodeCache(fileURLToPath(new URL('./chunks/cli-main.cjs', import.meta.url)));
const { main } = (bundled?.exports as typeof CliMainModule | undefined) ?? (await import('./cli-main.js'));
// No cache, or one V8 refused (another Node version): a plain start leaves one when it stops
// cleanly, holding what serving compiled.
const writeCache = bundled && !bundled.cacheAccepted && mayReplaceCodeCache(process.execArgv, process.env.NODE_OPTIONS);
await main(signingKey, writeCache ? { onCleanStop: () => bundled.saveCache() } : {});
