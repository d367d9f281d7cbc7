#!/usr/bin/env node
/**
 * The `mock-ehr` command's entry. It starts generating the token signing key (RS256, SMART
 * App Launch 2.2 "OpenID Connect") before it loads the rest of its code: the key is made on
 * the thread pool while this thread compiles and runs the modules, instead of beside the
 * data generation that follows, and the first token request does not wait for it.
 */
import { startKeyGeneration } from './auth/keys/key-generation.js';
import { wantsGeneratedKey } from './cli-early.js';

const signingKey = wantsGeneratedKey(process.argv.slice(2), process.env) ? startKeyGeneration() : undefined;
const { main } = await import('./cli-main.js');
await main(signingKey);
