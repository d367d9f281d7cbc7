/**
 * Reading the entries of one data file: a resource, a Bundle (its entry[].resource), a JSON
 * array of resources, or NDJSON (one resource a line). Each entry keeps its label (`entry 3`,
 * `line 7`) and, for Bundle entries, its fullUrl and request URL.
 */
import type { DataProblem } from './errors.js';
import type { DataFormat } from './files.js';

/** One entry of a data file, before it is checked. */
export interface RawEntry {
  /** `entry 3` (0-based, as in Bundle.entry), `line 7` (1-based), or undefined for a lone resource. */
  label?: string;
  value: unknown;
  fullUrl?: string;
  /** Bundle.entry.request.url, e.g. `Patient` or `Patient/123`. */
  requestUrl?: string;
  /** Bundle.entry.request.ifNoneExist: load the entry only when nothing matches these criteria. */
  ifNoneExist?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where a JSON syntax error is, as `line L, column C` when the message gives a position. */
function jsonErrorAt(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const pos = Number(match[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`;
}

function bundleEntries(bundle: Record<string, unknown>, file: string, problems: DataProblem[]): RawEntry[] {
  const entries = bundle.entry;
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) {
    problems.push({ file, message: 'Bundle.entry must be an array' });
    return [];
  }
  const out: RawEntry[] = [];
  entries.forEach((entry: unknown, i) => {
    const label = `entry ${i}`;
    if (!isObject(entry)) {
      problems.push({ file, entry: label, message: 'a Bundle entry must be an object' });
      return;
    }
    const request = isObject(entry.request) ? entry.request : undefined;
    if (entry.resource === undefined) {
      if (request?.method === 'DELETE') return;
      problems.push({ file, entry: label, message: 'the Bundle entry has no resource' });
      return;
    }
    out.push({
      label,
      value: entry.resource,
      fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined,
      requestUrl: typeof request?.url === 'string' ? request.url : undefined,
      ifNoneExist: typeof request?.ifNoneExist === 'string' && request.ifNoneExist !== '' ? request.ifNoneExist : undefined,
    });
  });
  return out;
}

/** The entries of one file's text; syntax and structure problems go to `problems`. */
export function parseEntries(text: string, format: DataFormat, file: string, problems: DataProblem[]): RawEntry[] {
  if (format === 'ndjson') {
    const out: RawEntry[] = [];
    text.split('\n').forEach((line, i) => {
      const trimmed = line.trim();
      if (trimmed === '') return;
      try {
        out.push({ label: `line ${i + 1}`, value: JSON.parse(trimmed) });
      } catch (error) {
        problems.push({ file, entry: `line ${i + 1}`, message: `invalid JSON: ${jsonErrorAt(trimmed, error)}` });
      }
    });
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    problems.push({ file, message: `invalid JSON: ${jsonErrorAt(text, error)}` });
    return [];
  }
  if (Array.isArray(value)) return value.map((v, i) => ({ label: `item ${i}`, value: v }));
  if (isObject(value) && value.resourceType === 'Bundle') return bundleEntries(value, file, problems);
  return [{ value }];
}
