/**
 * The command's one compacting garbage collection once a large data set is loaded.
 *
 * Loading thousands of patients with data files into the store replaces many generated
 * objects (equal elements become one shared element, strings are compacted, `meta` is
 * stamped; the seed alone is loaded as given, its generator having shared and compacted it
 * already, and replaces nothing worth this collection): the objects
 * replaced die in old space among live neighbours, and V8's ordinary full collections move
 * only the most fragmented pages, so the process kept hundreds of MB of free space inside its
 * heap's pages (measured at 5,000 patients: about 1.85 GB resident at the first answer, for a
 * heap of about 740 MB). V8's `--compact-on-every-full-gc` makes a full collection move every
 * page that has free space; set for the whole run it also compacts during the load, where it
 * costs time and raises the peak. The command owns its process, so it sets that flag only
 * around one full collection after the load, before it serves, and clears it again. It also
 * turns concurrent sweeping off for that collection, so the pages it empties are returned to
 * the system before the first request is answered rather than shortly after. The library
 * never does this: a process that imports it keeps its own settings.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Patients from which the command compacts the heap after a load with data files. The collection costs time
 * in proportion to the heap (measured on two cores: 0.36 s of main-thread CPU at 2,000 patients,
 * 0.86 s at 5,000, and more wall time while the collector's helper threads wait for a core);
 * below this many patients the resident set stays under about 750 MB without it (738 MB at the
 * first answer at 2,999 patients; 566 MB at 3,000 with it).
 */
export const COMPACT_FROM_PATIENTS = 3000;

/**
 * Flags about the collector's compaction, or that forbid changing flags: when the process was
 * started with one, its settings stand. V8 reads a negation with or without the hyphen. With
 * `--freeze-flags-after-init` V8 aborts the process when a flag is changed later.
 */
const HEAP_FLAGS = /^--(?:no-?)?(?:compact|compact-on-every-full-gc|never-compact|stress-compaction|stress-compaction-random|concurrent-sweeping|concurrent-array-buffer-sweeping|single-threaded-gc|predictable|predictable-gc-schedule|freeze-flags-after-init|expose-gc-as)(?:$|=)/;

/** True when the process was started with a flag about the collector's compaction (on the command line or in NODE_OPTIONS). */
export function heapFlagGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => HEAP_FLAGS.test(flag.replace(/_/g, '-')));
}

/** V8's `gc()` of its GC extension: a full collection when called without arguments. */
type Collect = () => void;

/**
 * The full collection function without starting the process with `--expose-gc`: V8 installs
 * its GC extension in contexts made while that flag is set, so one context is made with it set
 * (and the flag is cleared again unless the process set it).
 */
function collector(): Collect {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as Collect;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as Collect;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/**
 * Runs one full collection that moves every page with free space and sweeps before it
 * returns, then puts both flags back (V8's defaults). Does nothing when the process was started
 * with a flag about compaction or sweeping (see HEAP_FLAGS).
 */
export function compactHeapOnce(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): void {
  if (heapFlagGiven(execArgv, nodeOptions)) return;
  const collect = collector();
  setFlagsFromString('--compact-on-every-full-gc');
  setFlagsFromString('--no-concurrent-sweeping');
  try {
    collect();
  } finally {
    setFlagsFromString('--concurrent-sweeping');
    // `--no-concurrent-sweeping` also turns this one off (a V8 implication), and turning
    // concurrent sweeping back on does not restore it.
    setFlagsFromString('--concurrent-array-buffer-sweeping');
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
