import { type Kysely, sql } from 'kysely';

/**
 * Failed logins are counted per email and address together (see accounts/login-throttle.ts), not
 * per account: five wrong passwords from one address no longer lock the owner out everywhere. The
 * old per-account lock is lifted; the columns stay (a later release may drop them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    // sha256 of the email and the address: neither is stored in the clear.
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute();
  await db.schema.createIndex('login_throttle_first_at').on('login_throttle').column('first_at').execute();
  await sql`update users set locked_until = null, failed_logins = 0`.execute(db);
  // Tokens of users disabled before this release would come back on re-enabling: revoke them now,
  // as disabling does from here on.
  await sql`update api_tokens set revoked_at = ${Date.now()}
    where revoked_at is null and user_id in (select id from users where disabled = 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_throttle').ifExists().execute();
}
