import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BROWSER_BUNDLES, type BrowserBundle, browserBuildOptions } from '../../scripts/browser-bundles.mjs';
import { PACKAGE_ROOT, packagePath } from '../core/paths.ts';

const require = createRequire(import.meta.url);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The built file is used when it is newer than its sources, the bundle recipe and the lockfile. */
function isFresh(bundle: BrowserBundle, built: string): boolean {
  try {
    const inputs = Math.max(
      newestMtime(packagePath(bundle.sources)),
      fs.statSync(packagePath('scripts/browser-bundles.mjs')).mtimeMs,
      fs.statSync(packagePath('package-lock.json')).mtimeMs,
    );
    return fs.statSync(built).mtimeMs >= inputs;
  } catch {
    return false;
  }
}

/**
 * A browser script's bundled code: dist/<file> as `npm install` built it, or, when the sources
 * changed since (while developing, or tests run after an edit), built again now with esbuild and
 * written back to dist/ for the next start. Sources are absent only from a trimmed deployment, which
 * then serves what dist/ holds.
 */
export function browserBundle(name: string): Buffer {
  const bundle = BROWSER_BUNDLES.find((b) => b.name === name);
  if (!bundle) throw new Error(`No browser bundle named ${name}`);
  const built = packagePath('dist', bundle.file);
  if (isFresh(bundle, built) || !fs.existsSync(packagePath(bundle.sources))) return fs.readFileSync(built);
  // Loaded only here: a normal start never needs esbuild.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({ ...browserBuildOptions(PACKAGE_ROOT, bundle, built), write: false });
  const code = Buffer.from(out.outputFiles![0]!.contents);
  try {
    // Written beside and renamed: test processes starting together never read half a file.
    const tmp = `${built}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(built), { recursive: true });
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, built);
  } catch {
    // A read-only install: serve what was built in memory.
  }
  return code;
}
