// The scripts bundled for the browser (TypeScript and npm packages in, one minified file out),
// shared by scripts/build.mjs (on `npm install` and before a start) and by src/http/browser-bundle.ts,
// which builds one again when its sources are newer than dist/ (while developing, in tests).
import path from 'node:path';

/** Each bundle: its entry, the folder whose files it is built from, and the file written in dist/. */
export const BROWSER_BUNDLES = [
  {
    name: 'body-editor',
    entry: 'src/newsroom/body-editor/index.ts',
    sources: 'src/newsroom/body-editor',
    file: 'body-editor.js',
  },
];

/** esbuild options for one bundle, written to `outfile` (or returned in memory with write: false). */
export function browserBuildOptions(root, bundle, outfile) {
  return {
    entryPoints: [path.join(root, bundle.entry)],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // The browsers the newsroom supports: the last two years of Chromium, Firefox and Safari.
    target: ['chrome111', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  };
}
