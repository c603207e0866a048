import { type RawBuilder, sql } from 'kysely';
import type { SearchFilters } from './engine.ts';

/** The filter conditions on the articles table aliased `a`, shared by both engines. */
export function filterSql(f: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`a.status = 'published'`];
  if (f.section) {
    parts.push(
      f.section.isRoot ? sql`a.root_section_id = ${f.section.id}` : sql`a.section_id = ${f.section.id}`,
    );
  }
  if (f.tagId !== undefined) {
    parts.push(
      sql`exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id = ${f.tagId})`,
    );
  }
  if (f.from !== undefined) parts.push(sql`a.published_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`a.published_at < ${f.to}`);
  return sql.join(parts, sql` and `);
}
