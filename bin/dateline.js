#!/usr/bin/env node
// Entry point. Runs the bundled build (dist/dateline.mjs, made by scripts/build.mjs) when it is
// newer than every source file: that starts in a fraction of the time. Otherwise (a fresh edit,
// no build yet) it registers the TypeScript loader and runs the sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, 'dist', 'dateline.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|tsx|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) {
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

let fresh = false;
try {
  fresh =
    process.env.DATELINE_FROM_SOURCE !== '1' &&
    fs.statSync(bundle).mtimeMs >= newestSource(path.join(root, 'src'));
} catch {
  fresh = false;
}
if (fresh) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
