/**
 * The US Core 6.1 / 7.0 profile metadata of the conformance test kit (test/fixtures/us-core),
 * and a must-support coverage check that reads it the way the kit's must-support tests do:
 * every must-support element, slice and extension of a profile appears in at least one
 * resource claiming the profile (https://hl7.org/fhir/us/core/STU6.1/must-support.html).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Json } from './helpers.js';

export const US_CORE_VERSIONS = ['v6.1.0', 'v7.0.0'] as const;
export type UsCoreVersion = (typeof US_CORE_VERSIONS)[number];

/** A discriminator of a must-support slice (FHIR R4 ElementDefinition.slicing.discriminator). */
export interface Discriminator {
  type: 'patternCodeableConcept' | 'patternCoding' | 'patternIdentifier' | 'requiredBinding' | 'type' | 'value';
  path?: string;
  code?: string;
  system?: string;
  values?: { path?: string; value?: string; system?: string; code?: string }[];
}

export interface MustSupportSlice {
  slice_id: string;
  slice_name: string;
  path: string;
  discriminator: Discriminator;
}

export interface MustSupportElement {
  path: string;
  fixed_value?: string;
  types?: string[];
}

export interface SearchDefinition {
  paths: string[];
  type: string;
  comparators: Record<string, string>;
  values: string[];
  multiple_or?: string;
}

/** One profile's metadata (the keys the tests use). */
export interface ProfileMetadata {
  version: UsCoreVersion;
  name: string;
  resource: string;
  profile_url: string;
  searches: { expectation: string; names: string[] }[];
  search_definitions: Record<string, SearchDefinition>;
  must_supports: {
    extensions: { id: string; path: string; url: string }[];
    slices: MustSupportSlice[];
    elements: MustSupportElement[];
    choices?: { paths?: string[]; extension_ids?: string[] }[];
  };
}

const ROOT = fileURLToPath(new URL('../fixtures/us-core/', import.meta.url));

/** Ruby symbol keys (`:name`) become plain keys. */
function unsymbol(value: Json): Json {
  if (Array.isArray(value)) return value.map(unsymbol);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^:/, ''), unsymbol(v)]));
  return value;
}

/** The profiles of one US Core version, by file name order. */
export function loadProfiles(version: UsCoreVersion): ProfileMetadata[] {
  const dir = `${ROOT}${version}/`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => ({ ...unsymbol(parse(readFileSync(dir + f, 'utf8'))), version }) as ProfileMetadata);
}

const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The values of one child element (arrays flattened); `x[x]` matches every `xType`. */
function children(values: Json[], name: string): Json[] {
  const out: Json[] = [];
  for (const v of values) {
    if (!v || typeof v !== 'object') continue;
    const keys = name.endsWith('[x]') ? Object.keys(v).filter((k) => k.startsWith(name.slice(0, -3)) && /^[A-Z]/.test(k.slice(name.length - 3))) : [name];
    for (const k of keys) {
      const c = v[k];
      if (Array.isArray(c)) out.push(...c);
      else if (c !== undefined) out.push(c);
    }
  }
  return out;
}

/** The values at a dotted path (no slices). */
export function valuesAt(root: Json, path: string): Json[] {
  if (path === '') return [root];
  return path.split('.').reduce<Json[]>((values, name) => children(values, name), [root]);
}

const codingIn = (concept: Json, system: string | undefined, code: string | undefined): boolean =>
  (concept?.coding ?? []).some((c: Json) => c.code === code && c.system === system);

/** True when an element value falls into the slice. */
function inSlice(value: Json, d: Discriminator): boolean {
  switch (d.type) {
    case 'patternCodeableConcept':
      return valuesAt(value, d.path ?? '').some((c) => codingIn(c, d.system, d.code));
    case 'patternCoding':
      return valuesAt(value, d.path ?? '').some((c) => c.code === d.code && c.system === d.system);
    case 'patternIdentifier':
      return valuesAt(value, d.path ?? '').some((i) => i.system === d.system);
    case 'requiredBinding':
      return valuesAt(value, d.path ?? '').some((c) => (d.values ?? []).some((v) => codingIn(c, v.system, v.code)));
    case 'value':
      return (d.values ?? []).every((v) => valuesAt(value, v.path ?? '').some((x) => x === v.value));
    case 'type':
      return true; // a type slice is chosen by the element name (valueQuantity), see `sliceValues`
  }
}

/** The values of a sliced element: `component:FlowRate` or `value[x]:valueQuantity`. */
function sliceValues(parents: Json[], segment: string, slices: readonly MustSupportSlice[], prefix: string): Json[] {
  const [name = '', sliceName] = segment.split(':');
  const slice = slices.find((s) => s.slice_name === sliceName && s.path === (prefix ? `${prefix}.` : '') + name.replace(/^(value|effective)[A-Z]\w*$/, '$1[x]'));
  const d = slice?.discriminator ?? slices.find((s) => s.slice_name === sliceName)?.discriminator;
  if (d?.type === 'type') return children(parents, name.endsWith('[x]') ? name.slice(0, -3) + upper(d.code ?? '') : name);
  const values = children(parents, name);
  return d ? values.filter((v) => inSlice(v, d)) : [];
}

/** Values at a must-support path with slice names (`component:FlowRate.valueQuantity.code`). */
function msValues(resource: Json, path: string, slices: readonly MustSupportSlice[]): Json[] {
  let values: Json[] = [resource];
  const done: string[] = [];
  for (const segment of path.split('.')) {
    values = segment.includes(':') ? sliceValues(values, segment, slices, done.join('.')) : children(values, segment);
    done.push(segment.split(':')[0] ?? segment);
  }
  return values;
}

const present = (v: Json): boolean =>
  v === false || v === 0 || (typeof v === 'string' ? v.length > 0 : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && (typeof v !== 'object' || Object.keys(v).some((k) => k !== 'extension')));

/** True when one of the resources has the element (with its fixed value, of each must-support type for a choice). */
function elementFound(resources: readonly Json[], e: MustSupportElement, slices: readonly MustSupportSlice[]): boolean {
  const paths = e.path.endsWith('[x]') && e.types?.length ? e.types.map((t) => e.path.slice(0, -3) + upper(t)) : [e.path];
  return paths.every((path) =>
    resources.some((r) => msValues(r, path, slices).some((v) => present(v) && (e.fixed_value === undefined || v === e.fixed_value))),
  );
}

function sliceFound(resources: readonly Json[], s: MustSupportSlice): boolean {
  if (s.discriminator.type === 'type') {
    const name = s.path.replace(/\[x\]$/, '') + upper(s.discriminator.code ?? '');
    return resources.some((r) => valuesAt(r, name).some(present));
  }
  return resources.some((r) => valuesAt(r, s.path).some((v) => inSlice(v, s.discriminator)));
}

/** Extensions at a path; on a primitive (`questionnaire.extension`) they are in the JSON `_questionnaire`. */
const hasExtension = (resources: readonly Json[], path: string, url: string): boolean => {
  const primitive = path.replace(/(^|\.)([^.]+)\.extension$/, '$1_$2.extension');
  return resources.some((r) => [...valuesAt(r, path), ...(primitive === path ? [] : valuesAt(r, primitive))].some((e) => e?.url === url));
};

/**
 * What the resources lack of a profile's must-supports, as `Profile: element` lines (empty
 * when every must-support element, slice and extension appears in at least one resource).
 */
export function missingMustSupports(profile: ProfileMetadata, resources: readonly Json[]): string[] {
  const ms = profile.must_supports;
  const missing: string[] = [];
  const extensionOk = (id: string): boolean => {
    const x = ms.extensions.find((e) => e.id === id);
    return x !== undefined && hasExtension(resources, x.path, x.url);
  };
  // A choice is met when one of its elements or extensions is present (e.g. onsetDateTime or assertedDate).
  const excused = new Set<string>();
  for (const c of ms.choices ?? []) {
    const paths = c.paths ?? [];
    const met =
      paths.some((p) => {
        const e = ms.elements.find((x) => x.path === p);
        return e !== undefined && elementFound(resources, e, ms.slices);
      }) || (c.extension_ids ?? []).some(extensionOk);
    if (met) {
      for (const p of paths) excused.add(p);
      for (const id of c.extension_ids ?? []) excused.add(id);
    }
  }
  for (const x of ms.extensions) if (!excused.has(x.id) && !hasExtension(resources, x.path, x.url)) missing.push(`extension ${x.id} (${x.url})`);
  for (const s of ms.slices) if (!sliceFound(resources, s)) missing.push(`slice ${s.slice_id}`);
  for (const e of ms.elements) {
    if (excused.has(e.path) || elementFound(resources, e, ms.slices)) continue;
    const detail = [e.fixed_value === undefined ? '' : `= ${e.fixed_value}`, e.types && e.path.endsWith('[x]') ? `as ${e.types.join(', ')}` : ''].filter(Boolean).join(' ');
    missing.push(`element ${profile.resource}.${e.path}${detail ? ` ${detail}` : ''}`);
  }
  return missing;
}

/**
 * Resources claiming a profile in meta.profile: by its URL, or by the URL with this version
 * (`url|7.0.0`, a canonical reference to one version: https://hl7.org/fhir/R4/references.html#canonical),
 * which a resource uses when it conforms to that version only.
 */
export function claiming(data: readonly Json[], profile: ProfileMetadata): Json[] {
  const versioned = `${profile.profile_url}|${profile.version.replace(/^v/, '')}`;
  return data.filter((r) => r.resourceType === profile.resource && (r.meta?.profile ?? []).some((p: string) => p === profile.profile_url || p === versioned));
}
