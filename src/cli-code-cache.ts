/**
 * Loads the command's code (one CommonJS file the build makes, `dist/chunks/cli-main.cjs`)
 * with a V8 code cache beside it, so a start does not compile the code again.
 *
 * Compiling the bundle (about 1.8 MB of JavaScript) and then the functions a start runs costs
 * more of a start's main thread than anything but the data generation. V8 can serialize the
 * code it compiled, including every function compiled lazily while the code ran, and take it
 * back on a later start (`vm.Script`'s `cachedData`, `script.createCachedData()`); it refuses
 * a cache made by another V8 version or under other flags (`cachedDataRejected`), and the
 * script is then compiled as usual. Node 20's module loaders do not offer this (Node 22's
 * `module.enableCompileCache` does the same for every module), hence a script run the way
 * Node runs a CommonJS module: the module wrapper's five arguments, a `require` that resolves
 * from the file.
 *
 * V8 checks a cache's version, flags and source length, not its bytes: a damaged cache can
 * crash the process, and one made for an edited source of the same length runs the old code.
 * So the file starts with a SHA-256 of the module's path, its source and the cache, and a
 * cache whose digest does not match is not given to V8. The path is in it because V8 keeps the
 * file name it was made with for stack traces: a cache made elsewhere is not used. The V8
 * version is in the file name, so Node versions sharing one install keep a cache each.
 *
 * The cache is written in place, never shipped: by the build after a start that served
 * requests (scripts/compile-cache.ts), and by a plain start that found none (or a refused one)
 * when it stops cleanly, after it has served, so the cache holds what serving ran.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface CachedModule {
  /** The module's `module.exports`. */
  exports: unknown;
  /** Whether V8 took the cache (false: there was none, it did not match the module, or V8 refused it). */
  cacheAccepted: boolean;
  /**
   * Writes the code V8 holds for the module now (what was compiled lazily so far included),
   * unless the folder cannot be written; false when nothing was written.
   */
  saveCache(): boolean;
}

const DIGEST_BYTES = 32;

/** The cache file of a module file, for this process's V8. */
export function codeCacheFile(file: string, v8Version = process.versions.v8): string {
  return `${file}.${v8Version}.cache`;
}

/**
 * Whether this process may replace a refused or missing cache: only when it was started
 * without flags (none on the command line, no NODE_OPTIONS), as a plain start is. V8 refuses a
 * cache made under other flags than its own: a run with `--noopt` or `--max-old-space-size`
 * would otherwise leave a cache that plain starts refuse.
 */
export function mayReplaceCodeCache(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.length === 0 && !nodeOptions?.trim();
}

function digest(file: string, source: Buffer, data: Uint8Array): Buffer {
  return createHash('sha256').update(file).update('\0').update(source).update('\0').update(data).digest();
}

/** The V8 cache data in a cache file, if the file is there and its digest matches the module. */
function readCache(file: string, source: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(codeCacheFile(file));
  } catch {
    return undefined;
  }
  if (bytes.length <= DIGEST_BYTES) return undefined;
  const data = bytes.subarray(DIGEST_BYTES);
  return digest(file, source, data).equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

function compile(file: string, source: Buffer): { script: Script; accepted: boolean } {
  const cachedData = readCache(file, source);
  // No `import()` in the module: Node 20 cannot give a script compiled from a code cache a loader
  // for it (the build checks the bundle has none).
  const script = new Script(Module.wrap(source.toString('utf8')), { filename: file, cachedData });
  return { script, accepted: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Whether the cache of module `file` (an absolute path) matches it and this process's V8 takes
 * it; the module is compiled, not run.
 */
export function codeCacheAccepted(file: string): boolean {
  return compile(file, readFileSync(file)).accepted;
}

/**
 * Runs the CommonJS module `file` (an absolute path) with its code cache, or returns
 * undefined when the file does not exist (run from the sources, there is no bundle).
 */
export function requireWithCodeCache(file: string): CachedModule | undefined {
  let source: Buffer;
  try {
    source = readFileSync(file);
  } catch {
    return undefined;
  }
  const { script, accepted } = compile(file, source);
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cacheAccepted: accepted,
    saveCache(): boolean {
      const cacheFile = codeCacheFile(file);
      try {
        accessSync(dirname(cacheFile), constants.W_OK);
      } catch {
        return false;
      }
      // Written beside and renamed over, so a start reading it meanwhile sees the old cache or the new one.
      const partial = `${cacheFile}.${process.pid}.partial`;
      try {
        const data = script.createCachedData();
        writeFileSync(partial, Buffer.concat([digest(file, source, data), data]));
        renameSync(partial, cacheFile);
        return true;
      } catch {
        rmSync(partial, { force: true });
        return false;
      }
    },
  };
}
