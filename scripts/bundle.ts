/**
 * Bundles the package's two entry points with esbuild: the command (`dist/cli.js`, the bin)
 * and the programmatic API (`dist/index.js`, what `import 'mock-ehr'` loads), with the
 * packages they use. Loading then reads a few files instead of a few hundred modules: the
 * command answers sooner and a test suite's import costs a fraction of what it did. Code both
 * use lives once, in a shared chunk under `dist/chunks/`. Types stay those tsc emits in
 * `dist/src/*.d.ts`, for the unbundled modules in `dist/src` that these are made from.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { packageRoot } from '../src/paths.js';

const root = packageRoot();

/** Dependencies' JSON files from this size on ship as files beside the bundle (below). */
const LARGE_JSON = 16 * 1024;
/** Where they go; the chunks under `dist/chunks/` require them as `../data/<name>`. */
const DATA_DIR = join(root, 'dist', 'data');
const DATA_PREFIX = 'mock-ehr-data:';

/**
 * Large JSON files of dependencies (mime-db's media types, read when Express loads, and
 * iconv-lite's code tables, read only for the charset that needs one: together a quarter of
 * the bundle's bytes) are copied to `dist/data/` and required from there at run time, not
 * inlined as object literals: Node then parses them as JSON when a module asks for them,
 * instead of V8 compiling them as code every time the bundle loads.
 */
const largeJsonAsFiles: Plugin = {
  name: 'large-json-as-files',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${DATA_PREFIX}`) }, (args) => ({ path: `../data/${args.path.slice(DATA_PREFIX.length)}`, external: true }));
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.json$/ }, (args) => {
      const bytes = readFileSync(args.path);
      if (bytes.length < LARGE_JSON) return undefined;
      // node_modules/iconv-lite/encodings/tables/cp936.json -> iconv-lite__encodings__tables__cp936.json
      const name = args.path.split(/[\\/]node_modules[\\/]/).pop()!.split(/[\\/]/).join('__');
      writeFileSync(join(DATA_DIR, name), JSON.stringify(JSON.parse(bytes.toString('utf8'))));
      return { contents: `module.exports = require(${JSON.stringify(DATA_PREFIX + name)});`, loader: 'js' };
    });
  },
};

/**
 * The seed generator asks faker for names, phone numbers, e-mail addresses and street
 * addresses only (seed/random.ts builds its own instance from the en_US definitions). The
 * en_US locale module also holds every other kind of data faker has (airlines, animals,
 * music, words...): a sixth of the bundle, built as objects each time it loads. In the
 * bundle that module is replaced by one holding only the definitions of the kinds used, the
 * same values (compared below), so the generated data stays byte for byte the same.
 */
const FAKER_LOCALE = '@faker-js/faker/locale/en_US';
const FAKER_KINDS = ['person', 'location', 'phone_number', 'internet', 'metadata'];
async function fakerLocaleSubset(): Promise<Plugin> {
  const { faker } = await import(FAKER_LOCALE);
  const full = faker.rawDefinitions as Record<string, unknown>;
  const subset = Object.fromEntries(FAKER_KINDS.filter((kind) => kind in full).map((kind) => [kind, full[kind]]));
  const json = JSON.stringify(subset);
  if (!isDeepStrictEqual(JSON.parse(json), subset)) throw new Error(`${FAKER_LOCALE}: its definitions do not survive JSON`);
  return {
    name: 'faker-locale-subset',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${FAKER_LOCALE}$`) }, () => ({ path: FAKER_LOCALE, namespace: 'faker-locale-subset' }));
      b.onLoad({ filter: /.*/, namespace: 'faker-locale-subset' }, () => ({
        resolveDir: root,
        loader: 'js',
        contents: [
          "import { faker as baseFaker } from '@faker-js/faker/locale/base';",
          'const Faker = baseFaker.constructor;',
          `export const faker = new Faker({ locale: JSON.parse(${JSON.stringify(json)}) });`,
        ].join('\n'),
      }));
    },
  };
}

// Chunk names carry a content hash: drop the previous build's, so none ships stale.
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
rmSync(DATA_DIR, { recursive: true, force: true });
mkdirSync(DATA_DIR, { recursive: true });
const result = await build({
  entryPoints: { cli: join(root, 'dist', 'src', 'cli.js'), index: join(root, 'dist', 'src', 'index.js') },
  outdir: join(root, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [largeJsonAsFiles, await fakerLocaleSubset()],
  metafile: true,
  // CommonJS packages inside an ES module bundle still call require (express loads its view
  // engine by name, the validator loads the generated schema): give them one.
  banner: { js: "import { createRequire as __mockEhrRequire } from 'node:module'; const require = __mockEhrRequire(import.meta.url);" },
});
/**
 * The command's code once more, as one CommonJS file beside the chunks: dist/cli.js runs it
 * with a V8 code cache (src/cli-code-cache.ts), which Node 20 offers for scripts but not for
 * ES modules. `import.meta.url` is the file's URL, as in an ES module.
 */
const cliMain = await build({
  entryPoints: { 'cli-main': join(root, 'dist', 'src', 'cli-main.js') },
  outdir: join(root, 'dist', 'chunks'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  plugins: [largeJsonAsFiles, await fakerLocaleSubset()],
  metafile: true,
  define: { 'import.meta.url': '__mockEhrModuleUrl' },
  // Strict, as the ES modules it is made of are (a write to a frozen object throws): the
  // directive must come before the banner's statement to count.
  banner: { js: "'use strict';\nconst __mockEhrModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The command's bundle runs as a script from a V8 code cache, where Node 20 has no loader for
// `import()` (a script compiled from a cache loses its host options): it must have none.
for (const [output, { imports }] of Object.entries(cliMain.metafile.outputs)) {
  const dynamic = imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
  if (dynamic.length > 0) throw new Error(`${output} keeps import() of ${dynamic.join(', ')}: the code cache cannot run it (use require or process.getBuiltinModule)`);
}
// `../data/<name>` resolves from the output file that requires it: that must be a chunk.
for (const [output, { imports }] of [...Object.entries(result.metafile.outputs), ...Object.entries(cliMain.metafile.outputs)]) {
  const file = relative(join(root, 'dist'), resolve(output));
  if (imports.some((i) => i.external && i.path.startsWith('../data/')) && !file.startsWith(`chunks${sep}`)) {
    throw new Error(`${file} requires a file of dist/data but is not under dist/chunks`);
  }
}
console.log('dist/cli.js, dist/index.js, dist/chunks/cli-main.cjs, dist/data');
