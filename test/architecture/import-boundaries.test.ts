import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The layering rule lives in biome.json (an override of noRestrictedImports for the plumbing
 * folders) and runs with `npm run lint` in `npm test`. This checks the rule itself: the project's
 * own configuration, applied to probe files in a scratch copy of the folder layout, refuses a
 * plumbing module importing a feature and lets a feature import another feature.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIOME = path.join(ROOT, 'node_modules/.bin/biome');

function lint(dir: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(BIOME, ['lint', 'src'], { cwd: dir }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

describe('import boundaries', () => {
  it('refuse plumbing importing a feature, with a message naming the layers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-layers-'));
    try {
      const config = fs.readFileSync(path.join(ROOT, 'biome.json'), 'utf8');
      fs.writeFileSync(
        path.join(dir, 'biome.json'),
        config.replace('./node_modules/', `${ROOT}/node_modules/`),
      );
      const probe =
        "import type { ArticleService } from '../articles/articles.service.ts';\nexport type X = ArticleService;\n";
      const deep =
        "import { SectionTree } from '../../sections/sections.service.ts';\nexport const Y = SectionTree;\n";
      for (const [file, text] of [
        ['src/cache/probe.ts', probe],
        ['src/render/probe.ts', probe],
        ['src/core/db/probe.ts', deep],
        ['src/home/probe.ts', probe],
      ] as const) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const out = await lint(dir);
      const refused = [...out.matchAll(/^(src\/\S+?):\d+:\d+ lint\/style\/noRestrictedImports/gm)].map(
        (m) => m[1],
      );
      assert.deepEqual(refused.sort(), ['src/cache/probe.ts', 'src/core/db/probe.ts', 'src/render/probe.ts']);
      assert.match(out, /plumbing \(core, http, render, cache, cluster, jobs\) imports only plumbing/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
