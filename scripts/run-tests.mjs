// Runs the test files explicitly: on Node 20, `node --test` expands no globs and would run nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const files = [];
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(e.name)) files.push(p);
  }
}
walk('src');
walk('test');
const isBrowser = (f) => f.startsWith(path.join('test', 'browser'));
// Files that use the databases, run again on PostgreSQL alone in CI's second pass (--only=db);
// the fuzz tests send their inputs through the app and search on both databases.
const isDb = (f) =>
  /(repository|pages|http|storage|search|eval|views)\.test\.tsx?$/.test(f) ||
  f.startsWith(path.join('test', 'http')) ||
  f.startsWith(path.join('test', 'fuzz'));
const selected = files
  .filter((f) =>
    only === 'browser' ? isBrowser(f) : only === 'unit' ? !isBrowser(f) : only === 'db' ? isDb(f) : true,
  )
  .sort();
if (selected.length === 0) {
  console.error('No test files found: refusing to report success.');
  process.exit(1);
}
console.log(`Running ${selected.length} test files`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...selected], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
