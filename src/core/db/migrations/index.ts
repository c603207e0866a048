import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';

/** Every migration, in order. Committed, and the same for SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
