import { parseArgs } from 'node:util';
import { AccountService } from './accounts/accounts.service.ts';
import { systemActor } from './accounts/actor.ts';
import { buildApp } from './app.tsx';
import { countPublished } from './articles/articles.repository.ts';
import { publishScheduledJob } from './articles/publish-scheduled.job.ts';
import { AuditLog } from './audit/audit.service.ts';
import { type Config, ConfigError, loadConfig } from './core/config.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './core/db/database.ts';
import type { Role } from './core/db/schema.ts';
import { ValidationError } from './core/errors.ts';
import { progressBar } from './core/progress.ts';
import { seedDemo } from './demo/demo.seed.ts';
import { deleteAllContent } from './demo/seed.repository.ts';
import { seedSynthetic } from './demo/synthetic.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { hasIndexTotal } from './related/related.repository.ts';
import { RelatedService } from './related/related.service.ts';
import { SearchService } from './search/search.service.ts';

const HELP = `dateline: run and operate a Dateline news site

Usage:
  dateline serve                     migrate, seed demo content into an empty database, serve
  dateline migrate                   apply database migrations
  dateline seed --demo [--reset]     seed the demo publication (--reset deletes all content first)
  dateline user create --email E --name N --role admin|editor|reporter|contributor [--password P]
                                     create a newsroom user (prints a one-time password if none given;
                                     they must replace it with their own at first login)
  dateline user reset-password --email E
                                     a new one-time password for a user (ends their sessions and
                                     tokens; they choose their own at the next login)
  dateline seed --synthetic N [--reset]
                                     add N synthetic articles (benchmarks); N may be 10k, 100k, 1m
  dateline reindex [--search] [--related]
                                     rebuild the search index and related lists (both by default)
  dateline help

Configuration comes from the environment: PORT, HOST, DATELINE_DATA_DIR, DATABASE_URL, SITE_URL,
SITE_NAME, SITE_TIMEZONE, LOG_LEVEL. See README.md.`;

function parseCount(raw: string): number {
  const m = /^(\d+)(k|m)?$/i.exec(raw.trim());
  if (!m) throw new Error(`Not a count: ${raw} (use e.g. 10000, 100k or 1m)`);
  const n = Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
  if (n < 1 || n > 5_000_000) throw new Error('The count must be between 1 and 5m');
  return n;
}

async function withDatabase<T>(config: Config, fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const handle = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    backgroundCheckpoint: true,
  });
  await migrateToLatest(handle.db);
  const seeded = await seedDemo(handle.db, { timeZone: config.timeZone });
  const { app, ctx } = await buildApp({ config, database: handle });
  if (seeded) app.log.info(`Seeded demo content: ${seeded.articles} articles in ${seeded.sections} sections`);
  if (!(await hasIndexTotal(handle.db)) && (await countPublished(handle.db)) > 0) {
    // A database from before the search index: build it (and related lists) once.
    app.log.info('Building the search index and related lists for existing articles...');
    await new SearchService(handle.db).reindex();
    await new RelatedService().rebuild(handle.db);
  }
  if ((await ctx.accounts.countUsers()) === 0) {
    const admin = await ctx.accounts.createUser(
      {
        email: `admin@${new URL(config.siteUrl).hostname}`,
        name: 'Demo Admin',
        role: 'admin',
      },
      systemActor('serve'),
    );
    // Printed once, to the terminal only (not the log): the way into a fresh install.
    console.log(
      `\nNewsroom: ${config.siteUrl}/newsroom/login\n  email:    ${admin.email}\n  password: ${admin.password}\n  (shown once; you choose your own at first login)\n`,
    );
  }
  const scheduler = new Scheduler(
    handle.db,
    (job, err) => app.log.error({ err, job }, 'job failed'),
    Date.now,
    {
      paused: (reason) => app.log.warn(`Jobs paused: the database is unavailable (${reason})`),
      resumed: (ms) => app.log.info(`Jobs resumed after ${(ms / 1000).toFixed(1)} s`),
    },
  );
  scheduler.start([publishScheduledJob(ctx.articles)]);
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `Dateline serving ${address} (database: ${handle.describe}) ready in ${Math.round(performance.now() - started)} ms`,
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    await scheduler.stop();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function seed(
  h: DatabaseHandle,
  config: Config,
  flags: { demo: boolean; reset: boolean; synthetic?: string | undefined },
): Promise<void> {
  if (flags.demo) {
    const r = await seedDemo(h.db, { timeZone: config.timeZone, reset: flags.reset });
    console.log(
      r
        ? `Seeded ${r.articles} articles, ${r.sections} sections, ${r.authors} authors into ${h.describe}`
        : 'The database already has content; use --reset to recreate the demo.',
    );
  } else if (flags.synthetic) {
    const n = parseCount(flags.synthetic);
    if (flags.reset) await deleteAllContent(h.db);
    const r = await seedSynthetic(h.db, {
      count: n,
      onProgress: (d, t) => process.stderr.write(`\r  ${d}/${t} articles`),
    });
    process.stderr.write('\n');
    console.log(
      `Seeded ${r.articles} synthetic articles in ${(r.ms / 1000).toFixed(1)} s (${Math.round((r.articles / r.ms) * 1000)} articles/s)`,
    );
  } else {
    throw new Error('seed needs --demo or --synthetic N');
  }
}

/** Rebuilds the search index and related lists, or only the one a flag names. */
async function reindex(h: DatabaseHandle, flags: { search: boolean; related: boolean }): Promise<void> {
  const both = !flags.search && !flags.related;
  const total = await countPublished(h.db);
  if (both || flags.search) {
    const bar = progressBar('search index ', total);
    const n = await new SearchService(h.db).reindex((d) => bar.update(d));
    bar.done(n);
  }
  if (both || flags.related) {
    const bar = progressBar('related lists', total);
    const n = await new RelatedService().rebuild(h.db, (d) => bar.update(d));
    bar.done(n);
  }
  console.log(`Reindexed ${total} published articles in ${h.describe}`);
}

async function createUser(
  h: DatabaseHandle,
  flags: {
    email?: string | undefined;
    name?: string | undefined;
    role?: string | undefined;
    password?: string | undefined;
  },
): Promise<void> {
  const accounts = new AccountService(h.db, new AuditLog(h.db));
  const r = await accounts.createUser(
    {
      email: flags.email ?? '',
      name: flags.name ?? '',
      role: (flags.role ?? '') as Role,
      password: flags.password,
    },
    systemActor('cli'),
  );
  const once = r.password ? `\nOne-time password: ${r.password} (to be replaced at first login)` : '';
  console.log(`Created ${flags.role} ${r.email}${once}`);
}

async function resetPassword(h: DatabaseHandle, email: string | undefined): Promise<void> {
  const accounts = new AccountService(h.db, new AuditLog(h.db));
  const r = await accounts.resetPassword(email ?? '', systemActor('cli'));
  console.log(`One-time password: ${r.password} (to be replaced at the next login)`);
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      demo: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      synthetic: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      search: { type: 'boolean', default: false },
      related: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return withDatabase(config, async (h) => {
        const done = await migrateToLatest(h.db);
        console.log(done.length ? `Applied: ${done.join(', ')}` : 'Database is up to date.');
      });
    case 'seed':
      return withDatabase(config, (h) => seed(h, config, values));
    case 'reindex':
      return withDatabase(config, (h) => reindex(h, values));
    case 'user':
      if (positionals[0] === 'reset-password')
        return withDatabase(config, (h) => resetPassword(h, values.email));
      if (positionals[0] !== 'create')
        throw new Error(
          'Usage: dateline user create --email E --name N --role R | user reset-password --email E',
        );
      return withDatabase(config, (h) => createUser(h, values));
    default:
      throw new Error(`Unknown command "${command}". Run "dateline help".`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof ValidationError) {
    console.error(`dateline: ${err.message}`);
    for (const [k, v] of Object.entries(err.fields)) console.error(`  ${k}: ${v}`);
  } else console.error(`dateline: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
