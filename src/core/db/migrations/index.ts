import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-newsroom.ts';
import * as m0003 from './0003-media.ts';
import * as m0004 from './0004-curation.ts';
import * as m0005 from './0005-discovery.ts';
import * as m0006 from './0006-plain-text.ts';
import * as m0007 from './0007-login-throttle.ts';
import * as m0008 from './0008-newsroom-shift.ts';
import * as m0009 from './0009-article-list.ts';
import * as m0010 from './0010-author-redirects.ts';
import * as m0011 from './0011-audit-filters.ts';

/** Every migration, in order. Committed, and the same for SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-newsroom': m0002,
  '0003-media': m0003,
  '0004-curation': m0004,
  '0005-discovery': m0005,
  '0006-plain-text': m0006,
  '0007-login-throttle': m0007,
  '0008-newsroom-shift': m0008,
  '0009-article-list': m0009,
  '0010-author-redirects': m0010,
  '0011-audit-filters': m0011,
};
