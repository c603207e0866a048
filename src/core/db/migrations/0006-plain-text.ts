import { type Kysely, sql } from 'kysely';

/**
 * Plain-text fields were stored as the sanitiser wrote them, with &amp;, &lt; and &gt; for
 * "&", "<" and ">", and shown double-escaped ("M&amp;A"). They now hold characters; this decodes
 * what was written before. &lt; and &gt; go first, so a stored "&amp;lt;" (someone typed the
 * entity itself) becomes the text "&lt;" again, as it was typed. The same SQL on both databases.
 */
const FIELDS: [table: string, column: string][] = [
  ['articles', 'headline'],
  ['articles', 'lede'],
  ['articles', 'place'],
  ['article_corrections', 'note'],
  ['tags', 'name'],
  ['sections', 'name'],
  ['sections', 'description'],
  ['media', 'alt'],
  ['media', 'caption'],
  ['media', 'original_name'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of FIELDS) {
    const c = sql.ref(column);
    await sql`update ${sql.table(table)}
      set ${c} = replace(replace(replace(${c}, '&lt;', '<'), '&gt;', '>'), '&amp;', '&')
      where ${c} like '%&%'`.execute(db);
  }
}

export async function down(): Promise<void> {
  // Decoding cannot be undone, and need not be: the characters are what was meant.
}
