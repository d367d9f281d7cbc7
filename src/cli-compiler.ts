/**
 * The command's use of V8's optimizing compiler while it generates the synthetic data.
 *
 * The generator's code is large: V8 optimizes a hundred or so of its functions with TurboFan
 * on background threads, the biggest taking hundreds of milliseconds each, and for a few
 * hundred patients compiling them costs more CPU than the optimized code saves (measured:
 * generating 300 patients took about 1,050 ms of CPU, 400 of them on the main thread; without
 * TurboFan about 600 ms, the main thread's share about the same). On a machine with few cores
 * that compiling competes with the signing key's generation and the garbage collector's
 * helper threads. The command owns its process, so it turns TurboFan off while it generates
 * the first patients and on again after `OPTIMIZE_AFTER_PATIENTS` of them, or when generation
 * ends (the store loads each chart as it is made), before anything is served. A small data
 * set (the default has 50 patients) is then generated without optimizing at all; a large one is optimized from
 * early on, as before (at 1,000 patients, keeping TurboFan off for the first 500 saved no CPU
 * in all and cost the main thread 12%: there the optimized code pays for its compiling). The
 * library never does this: a process that imports it keeps its own settings.
 */
import { setFlagsFromString } from 'node:v8';

/** Patients generated before TurboFan is turned on again. */
export const OPTIMIZE_AFTER_PATIENTS = 100;

/**
 * Flags that decide how V8 compiles: when the process was started with one, its settings stand.
 * V8 reads a negation with or without the hyphen (`--no-opt`, `--noopt`). With
 * `--freeze-flags-after-init` V8 aborts the process when a flag is changed later, so that one
 * also leaves the flags alone.
 */
const COMPILER_FLAGS = /^--(?:no-?)?(?:opt|turbofan|jitless|maglev|always-opt|always-turbofan|sparkplug|always-sparkplug|max-opt|freeze-flags-after-init)(?:$|=)/;

/** True when the process was started with a flag about V8's compilers (on the command line or in NODE_OPTIONS). */
export function compilerFlagGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => COMPILER_FLAGS.test(flag.replace(/_/g, '-')));
}

/**
 * Turns TurboFan off and returns what turns it on again (once; later calls do nothing).
 * Does nothing when the process was started with a flag about V8's compilers.
 */
export function pauseOptimizingCompiler(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): () => void {
  if (compilerFlagGiven(execArgv, nodeOptions)) return () => undefined;
  setFlagsFromString('--no-opt');
  let resumed = false;
  return () => {
    if (resumed) return;
    resumed = true;
    setFlagsFromString('--opt');
  };
}
