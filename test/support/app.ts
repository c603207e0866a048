import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.tsx';
import type { AppContext } from '../../src/context.ts';
import { loadConfig } from '../../src/core/config.ts';
import type { Dialect } from '../../src/core/db/database.ts';
import { seedDemo } from '../../src/demo/demo.seed.ts';
import { freshDatabase, type TestDatabase } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The whole app in-process on a fresh database, with the demo publication seeded. */
export async function startTestApp(
  dialect: Dialect,
  opts: {
    seed?: boolean;
    database?: TestDatabase;
    keepDatabase?: boolean;
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  const db = opts.database ?? (await freshDatabase(dialect));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-data-'));
  const config = loadConfig({
    SITE_URL: 'http://localhost:3000',
    LOG_LEVEL: 'silent',
    DATELINE_DATA_DIR: dataDir,
    ...opts.env,
  });
  if (opts.seed !== false) await seedDemo(db.db, { timeZone: config.timeZone });
  const { app, ctx } = await buildApp({ config, database: db, logger: false });
  await app.ready();
  return {
    app,
    ctx,
    db,
    close: async () => {
      await app.close();
      if (!opts.keepDatabase) await db.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
