import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase } from '../../../test/support/databases.ts';

describe('migrations on PostgreSQL', () => {
  it('migrate a schema while another schema of the same database holds the migration tables', async () => {
    // Test files run at once, each in a schema of its own in one database (so do sites sharing one).
    const first = await freshDatabase('postgres');
    try {
      const second = await freshDatabase('postgres');
      try {
        const rows = await second.db.selectFrom('sections').select('id').execute();
        assert.ok(Array.isArray(rows));
      } finally {
        await second.dispose();
      }
    } finally {
      await first.dispose();
    }
  });
});
