/**
 * Which elements of the generated charts repeat as separate objects: the generator shares
 * equal elements (seed/sharing.ts and the frozen constant tables of the seed modules), and this
 * lists what is left to share.
 *
 *   node --import tsx bench/shared-elements.ts [patients=200] [rows=45]
 *
 * Walks every generated resource by object identity (a shared object is counted once) and
 * prints the number of objects, how many are frozen (shared), and, per element path (e.g.
 * `Observation.code.coding[]`), the unfrozen objects, how many distinct JSON values they hold
 * and the difference: the objects sharing could save. Meta is left separate on purpose (the
 * store replaces a resource's meta when it stamps the version), and so are the resources.
 */
import { seedResources } from '../seed/index.js';

const patients = Number(process.argv[2] ?? '200');
const rows = Number(process.argv[3] ?? '45');

/** What the walk counts: objects seen, frozen or not, and the unfrozen ones per element path. */
interface Census {
  seen: Set<object>;
  frozen: number;
  unfrozen: number;
  byPath: Map<string, { objects: number; values: Set<string> }>;
}

function walk(value: unknown, path: string, c: Census): void {
  if (value === null || typeof value !== 'object' || c.seen.has(value)) return;
  c.seen.add(value);
  if (Object.isFrozen(value)) c.frozen++;
  else {
    c.unfrozen++;
    let entry = c.byPath.get(path);
    if (!entry) c.byPath.set(path, (entry = { objects: 0, values: new Set() }));
    entry.objects++;
    entry.values.add(JSON.stringify(value));
  }
  if (Array.isArray(value)) for (const item of value) walk(item, `${path}[]`, c);
  else for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, c);
}

const census: Census = { seen: new Set(), frozen: 0, unfrozen: 0, byPath: new Map() };
const { seen, byPath } = census;
let resources = 0;
for (const resource of seedResources({ seed: 42, patients })) {
  resources++;
  seen.add(resource);
  for (const [key, child] of Object.entries(resource)) walk(child, `${resource.resourceType}.${key}`, census);
}

console.log(`${resources} resources of ${patients} patients: ${seen.size} objects with the resources (${(seen.size / resources).toFixed(2)} a resource); below them ${census.frozen} frozen (shared), ${census.unfrozen} not`);
console.log(['path', 'objects', 'distinct', 'could share'].join('\t'));
const table = [...byPath.entries()]
  .map(([path, e]) => [path, e.objects, e.values.size, e.objects - e.values.size] as const)
  .sort((a, b) => b[3] - a[3])
  .slice(0, rows);
for (const row of table) console.log(row.join('\t'));
