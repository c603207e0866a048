import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder (the one holding package.json), found from this module's location.
 * Files shipped beside the code (CSS, browser scripts, the checkpoint worker) are addressed from
 * here, so they are found both from the TypeScript sources and from the bundled build in dist/.
 */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above the Dateline code');
    dir = up;
  }
  return dir;
})();

export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
