/**
 * Loads the command's code (one CommonJS file the build makes, `dist/chunks/cli-main.cjs`)
 * with a V8 code cache beside it, so a start does not compile the code again.
 *
 * Compiling the bundle (about 1.8 MB of JavaScript) and then the functions a start runs costs
 * more of a start's main thread than anything but the data generation. V8 can serialize the
 * code it compiled, including every function compiled lazily while the code ran, and take it
 * back on a later start (`vm.Script`'s `cachedData`, `script.createCachedData()`); it refuses
 * a cache made by another V8 version or with other flags (`cachedDataRejected`), and the
 * script is then compiled as usual. Node 20's module loaders do not offer this (Node 22's
 * `module.enableCompileCache` does the same for every module), hence a script run the way
 * Node runs a CommonJS module: the module wrapper's five arguments, a `require` that resolves
 * from the file.
 *
 * The build writes the cache after a start that served requests (scripts/compile-cache.ts),
 * so what those requests ran is in it too. A start on another Node version finds it refused
 * and writes its own when it exits, if the folder is writable; only a process started without
 * Node or V8 flags does, since V8 refuses a cache made under other flags than its own: a run
 * with `--noopt` or `--max-old-space-size` would otherwise leave a cache that plain starts refuse.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface CachedModule {
  /** The module's `module.exports`. */
  exports: unknown;
  /** Whether V8 took the cache (false: there was none, or it was made by another V8 or with other flags). */
  cacheAccepted: boolean;
  /** Writes the code V8 holds for the module now, compiled lazily so far included; false when it cannot. */
  saveCache(): boolean;
}

/**
 * Whether this process may replace a refused or missing cache: only when it was started
 * without flags (none on the command line, no NODE_OPTIONS), as a plain start is.
 */
export function mayReplaceCodeCache(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.length === 0 && !nodeOptions?.trim();
}

/** The cache file of a module file. */
export function codeCacheFile(file: string): string {
  return `${file}.cache`;
}

/**
 * Runs the CommonJS module `file` (an absolute path) with its code cache, or returns
 * undefined when the file does not exist (run from the sources, there is no bundle).
 */
export function requireWithCodeCache(file: string): CachedModule | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const cacheFile = codeCacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const cacheAccepted = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cacheAccepted,
    saveCache(): boolean {
      // Written beside and renamed over, so a start reading it meanwhile sees the old cache or the new one.
      const partial = `${cacheFile}.${process.pid}.partial`;
      try {
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        return true;
      } catch {
        rmSync(partial, { force: true });
        return false;
      }
    },
  };
}
