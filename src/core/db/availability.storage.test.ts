import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { freshDatabase } from '../../../test/support/databases.ts';
import { BadRequestError, ConflictError, DatabaseUnavailableError } from '../errors.ts';
import { databaseErrorToAppError, unavailableReason } from './availability.ts';
import { openDatabase } from './database.ts';

/** What a query's failure turns into: the error the database really raised, mapped. */
async function mapped(query: Promise<unknown>) {
  const err = await query.then(
    () => assert.fail('the query was expected to fail'),
    (e: unknown) => e,
  );
  return { err, app: databaseErrorToAppError(err) };
}

describe('database errors as answers', () => {
  it('PostgreSQL refusing a value is a 400, a duplicate a 409, not a 500', async () => {
    const db = await freshDatabase('postgres');
    try {
      // An id past int4 (a ten-digit id in a URL).
      const range = await mapped(
        db.db.selectFrom('articles').select('id').where('id', '=', 9_999_999_999).execute(),
      );
      assert.ok(range.app instanceof BadRequestError, String(range.err));
      assert.equal(range.app.status, 400);
      const text = await mapped(sql`select ${'x'}::integer`.execute(db.db));
      assert.equal(text.app?.status, 400);
      const section = { slug: 'politics', name: 'Politics', parent_id: null, description: '', position: 0 };
      await db.db.insertInto('sections').values(section).execute();
      const dup = await mapped(db.db.insertInto('sections').values(section).execute());
      assert.ok(dup.app instanceof ConflictError, String(dup.err));
      assert.equal(unavailableReason(range.err), undefined, 'a bad value is no outage');
    } finally {
      await db.dispose();
    }
  });

  it('an unreachable PostgreSQL is an outage (503), with a reason that names no host', async () => {
    // A port nothing listens on.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((r) => probe.close(r));
    const h = openDatabase({
      databaseUrl: `postgres://dateline:secret@127.0.0.1:${port}/x`,
      dataDir: os.tmpdir(),
    });
    try {
      const down = await mapped(sql`select 1`.execute(h.db));
      assert.ok(down.app instanceof DatabaseUnavailableError);
      assert.equal(down.app.status, 503);
      assert.equal(down.app.reason, 'connection refused');
      assert.equal(h.availability.failed(down.err), 'connection refused');
      assert.equal(h.availability.available, false);
    } finally {
      await h.close();
    }
  });

  it('a SQLite database locked by another writer is an outage (503), not a bug', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-busy-'));
    const file = path.join(dir, 'db.sqlite');
    const holder = new SQLite(file);
    const other = new SQLite(file, { timeout: 0 });
    try {
      holder.exec('create table t (x integer); begin immediate; insert into t values (1)');
      let err: unknown;
      try {
        other.exec('insert into t values (2)');
      } catch (e) {
        err = e;
      }
      assert.ok(err, 'the second writer was refused');
      assert.equal(databaseErrorToAppError(err)?.status, 503);
      assert.equal(unavailableReason(err), 'database is locked by another writer');
    } finally {
      holder.close();
      other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
