/**
 * Loading your own FHIR data: resources, Bundles (Synthea output, for instance) and NDJSON,
 * from a file or a folder. Every resource is validated against the official R4 JSON schema;
 * Bundle-local `urn:uuid:` references become `Type/id`; resources without an id get a
 * deterministic one. Any problem fails the whole load with a DataLoadError naming the file,
 * the entry and the problem, so nothing is half-loaded.
 */
import { readFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { ID_PATTERN, type Resource } from '../fhir/resource.js';
import { createResourceValidator, type ResourceValidator } from '../fhir/validate/schema-validator.js';
import { DataLoadError, type DataProblem } from './errors.js';
import { findDataFiles, type DataFile } from './files.js';
import { setOrigin } from './origin.js';
import { parseEntries, type RawEntry } from './parse.js';
import { checkReferences, dataLookup, lookupStore, rewriteReferences, unresolvedUrns } from './references.js';
import { criteriaParams } from '../fhir/conditional/criteria.js';
import type { ResourceStore } from '../store/resource-store.js';

export { DataLoadError, formatProblem, type DataProblem } from './errors.js';
export { checkReferences } from './references.js';
export { originOf, type Origin } from './origin.js';

/** Options of `loadDataSource`. */
export interface LoadOptions {
  /** Validates each resource; default: the official FHIR R4 JSON schema. */
  validator?: ResourceValidator;
  /** Told about files skipped in a folder (not FHIR, like a bulk export's log.ndjson); default console.warn. */
  onWarning?: (message: string) => void;
}

/** Options of `loadDataSources`. */
export interface LoadAllOptions extends LoadOptions {
  /**
   * Resources already in the data set (the synthetic data): loaded references may point at
   * them, and loaded ids must not collide with theirs.
   */
  existing?: readonly Resource[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** FNV-1a, as eight hex digits: the stable part of generated ids. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The id a resource without one gets: from its urn:uuid fullUrl or request URL, else from its
 * file (by name within the loaded folder) and entry, e.g. `ld-1f2e3d4c-line3`.
 */
function idFor(entry: RawEntry, type: string, fileKey: string): string {
  const uuid = /^urn:uuid:([A-Za-z0-9\-.]{1,64})$/.exec(entry.fullUrl ?? '');
  if (uuid) return uuid[1] as string;
  const fromUrl = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(entry.fullUrl ?? entry.requestUrl ?? '');
  if (fromUrl) return fromUrl[1] as string;
  return `ld-${hash(fileKey)}-${(entry.label ?? 'resource').replace(/[^A-Za-z0-9]/g, '')}`;
}

/** What loading several files shares: the validator, the results, and the store that ifNoneExist searches. */
interface LoadState {
  validate: ResourceValidator;
  out: Resource[];
  problems: DataProblem[];
  warn: (message: string) => void;
  /** Everything loaded so far (and the existing data), for `ifNoneExist`; absent for a lone source. */
  store?: ResourceStore;
}

const isResource = (v: unknown): boolean => isObject(v) && typeof v.resourceType === 'string';

/**
 * An entry with `ifNoneExist` whose criteria match a resource already loaded is not loaded
 * again: its fullUrl then points at that resource (R4 http.html#ccreate, as a transaction
 * would do). Two Synthea runs that share a hospital thus load together.
 */
function existingMatch(state: LoadState, entry: RawEntry, type: string, display: string): string | undefined {
  if (!entry.ifNoneExist || !state.store) return undefined;
  const criteria = entry.ifNoneExist.replace(/^[A-Za-z]*\?/, '');
  try {
    const found = dataLookup(state.store)(type, criteriaParams(criteria), 'ifNoneExist');
    if (found.total > 1) {
      state.problems.push({ file: display, entry: entry.label, message: `ifNoneExist ${criteria} matches ${found.total} resources of type ${type}` });
      return undefined;
    }
    return found.matches[0] ? `${type}/${found.matches[0].id}` : undefined;
  } catch (error) {
    state.problems.push({ file: display, entry: entry.label, message: (error as Error).message });
    return undefined;
  }
}

/**
 * Loads one file into `state.out`, collecting problems. `inFolder`: a well-formed file that
 * holds no FHIR resource at all is skipped with a warning instead of failing the load.
 */
async function loadFile(file: DataFile, display: string, fileKey: string, state: LoadState, inFolder: boolean): Promise<void> {
  const { problems } = state;
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    problems.push({ file: display, message: `cannot read the file: ${(error as Error).message}` });
    return;
  }
  const fileProblems: DataProblem[] = [];
  const entries = parseEntries(text, file.format, display, fileProblems);
  if (inFolder && fileProblems.length === 0 && entries.length > 0 && !entries.some((e) => isResource(e.value))) {
    // A bulk export folder also holds files like log.ndjson: not FHIR, so not data.
    state.warn(`mock-ehr: skipped ${display}: it holds no FHIR resources`);
    return;
  }
  problems.push(...fileProblems);
  const loaded: { resource: Resource; entry: RawEntry }[] = [];
  const fullUrls = new Map<string, string>();
  entries.forEach((entry) => {
    const value = entry.value;
    if (!isObject(value) || typeof value.resourceType !== 'string') {
      problems.push({ file: display, entry: entry.label, message: 'not a FHIR resource (an object with a resourceType)' });
      return;
    }
    const resource = value as Resource;
    const existing = existingMatch(state, entry, resource.resourceType, display);
    if (existing) {
      if (entry.fullUrl) fullUrls.set(entry.fullUrl, existing);
      return;
    }
    if (resource.id === undefined) resource.id = idFor(entry, resource.resourceType, fileKey);
    else if (typeof resource.id !== 'string' || !ID_PATTERN.test(resource.id)) {
      problems.push({ file: display, entry: entry.label, message: `invalid id ${JSON.stringify(resource.id)}: 1-64 letters, digits, '-' or '.'` });
      return;
    }
    if (entry.fullUrl) fullUrls.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
    loaded.push({ resource, entry });
  });
  for (const { resource, entry } of loaded) {
    rewriteReferences(resource, fullUrls);
    const key = `${resource.resourceType}/${resource.id}`;
    for (const reference of unresolvedUrns(resource)) {
      problems.push({ file: display, entry: entry.label, resource: key, message: `reference ${reference} points at no entry of its Bundle` });
    }
    for (const p of state.validate(resource)) problems.push({ file: display, entry: entry.label, resource: key, message: `${p.path}: ${p.message}` });
    setOrigin(resource, { file: display, entry: entry.label });
    state.out.push(resource);
  }
  state.store?.load(loaded.map((l) => l.resource));
}

/** Loads, validates and collects the problems of one path, without throwing. */
async function collect(path: string, state: LoadState): Promise<void> {
  let files: DataFile[];
  try {
    files = await findDataFiles(path);
  } catch (error) {
    state.problems.push({ file: path, message: (error as Error).message });
    return;
  }
  const root = resolve(path);
  for (const file of files) {
    const rel = relative(root, resolve(file.path)).split('\\').join('/');
    const display = rel === '' ? path : `${path.replace(/[\\/]+$/, '')}/${rel}`;
    await loadFile(file, display, rel === '' ? basename(file.path) : rel, state, rel !== '');
  }
}

/**
 * Loads the FHIR resources of a file or folder (recursively): `.json` files hold a resource,
 * a Bundle of any type (its entries' resources are loaded) or an array of resources;
 * `.ndjson` files hold one resource per line. Throws a DataLoadError listing every problem
 * (invalid JSON, invalid resource, bad id, a `urn:` reference to no entry of its Bundle).
 *
 * References to other sources or to the synthetic data are checked by `checkReferences` over
 * the whole data set, or by `loadDataSources`, which does both.
 */
export async function loadDataSource(path: string, options: LoadOptions = {}): Promise<Resource[]> {
  const state: LoadState = { validate: options.validator ?? createResourceValidator(), out: [], problems: [], warn: options.onWarning ?? console.warn };
  await collect(path, state);
  if (state.problems.length > 0) throw new DataLoadError(state.problems);
  return state.out;
}

/**
 * Loads several files or folders beside `existing` resources, then checks the whole set:
 * duplicate ids, conditional references (resolved by identifier) and references that point
 * nowhere. Throws one DataLoadError with every problem of every source; returns the loaded
 * resources (not `existing`) otherwise.
 */
export async function loadDataSources(paths: readonly string[], options: LoadAllOptions = {}): Promise<Resource[]> {
  const store = lookupStore(options.existing ?? []);
  const state: LoadState = { validate: options.validator ?? createResourceValidator(), out: [], problems: [], warn: options.onWarning ?? console.warn, store };
  for (const path of paths) await collect(path, state);
  const { out, problems } = state;
  if (problems.length === 0) problems.push(...checkReferences([...(options.existing ?? []), ...out], dataLookup(store)));
  if (problems.length > 0) throw new DataLoadError(problems);
  return out;
}

/** Throws a DataLoadError when a data set (generated and loaded) has dangling references or duplicate ids. */
export function assertReferencesResolve(resources: readonly Resource[]): void {
  const problems = checkReferences(resources);
  if (problems.length > 0) throw new DataLoadError(problems);
}
