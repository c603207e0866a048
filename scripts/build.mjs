// Bundles the server (src/cli.ts and everything it imports) into dist/dateline.mjs with esbuild,
// so a start loads one prepared file instead of compiling ~100 TypeScript modules through tsx.
// The search worker thread's code is a second bundle beside it, dist/search-worker.mjs (found
// there by src/search/search.pool.ts). `--outdir=DIR` writes both elsewhere (a test does). The
// browser's bundles (scripts/browser-bundles.mjs: the body editor) always go to dist/.
// Runs on `npm install`
// (prepare) and before `npm start`; bin/dateline.js falls back to the sources when the bundle is
// missing or older than any file under src/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BROWSER_BUNDLES, browserBuildOptions } from './browser-bundles.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.resolve(
  root,
  process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist',
);
const started = performance.now();
await build({
  entryPoints: {
    dateline: path.join(root, 'src/cli.ts'),
    'search-worker': path.join(root, 'src/search/search.worker.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // npm packages are bundled too (one file loads far faster than hundreds of small modules),
  // except native addons and what is loaded only on demand.
  external: ['better-sqlite3', 'sharp', '@node-rs/argon2', 'pg', 'pg-native', 'compromise', 'tsx', 'esbuild'],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __datelineRequire } from 'node:module'; const require = __datelineRequire(import.meta.url);",
  },
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const bundle of BROWSER_BUNDLES) {
  await build(browserBuildOptions(root, bundle, path.join(root, 'dist', bundle.file)));
}
if (!process.argv.includes('--quiet')) {
  const where = path.relative(root, outdir);
  console.log(
    `Built ${where}/dateline.mjs and ${where}/search-worker.mjs in ${Math.round(performance.now() - started)} ms`,
  );
}
