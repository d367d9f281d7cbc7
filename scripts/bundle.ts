/**
 * Bundles the package's two entry points with esbuild: the command (`dist/cli.js`, the bin)
 * and the programmatic API (`dist/index.js`, what `import 'mock-ehr'` loads), with the
 * packages they use. Loading then reads a few files instead of a few hundred modules: the
 * command answers sooner and a test suite's import costs a fraction of what it did. Code both
 * use lives once, in a shared chunk under `dist/chunks/`. Types stay those tsc emits in
 * `dist/src/*.d.ts`, for the unbundled modules in `dist/src` that these are made from.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

const root = packageRoot();
// Chunk names carry a content hash: drop the previous build's, so none ships stale.
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { cli: join(root, 'dist', 'src', 'cli.js'), index: join(root, 'dist', 'src', 'index.js') },
  outdir: join(root, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // CommonJS packages inside an ES module bundle still call require (express loads its view
  // engine by name, the validator loads the generated schema): give them one.
  banner: { js: "import { createRequire as __mockEhrRequire } from 'node:module'; const require = __mockEhrRequire(import.meta.url);" },
});
console.log('dist/cli.js, dist/index.js');
