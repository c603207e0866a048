import { can } from '../accounts/permissions.ts';
import { findAuthorBySlug, listAuthors } from '../authors/authors.repository.ts';
import { encodeCursor, parseCursor } from '../core/cursor.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleKind, ArticleStatus } from '../core/db/schema.ts';
import { BadRequestError } from '../core/errors.ts';
import { isPositiveInt32 } from '../core/numbers.ts';
import { parseQuery, toFts5, toTsquery } from '../search/query.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import * as repo from './article-list.repository.ts';
import * as counting from './article-list-counts.repository.ts';
import * as sets from './article-list-sets.repository.ts';
import type { WorkflowUser } from './workflow.ts';

export { LIST_SORTS, type ListSort } from './article-list.repository.ts';

/** What the list is asked for, as the query string's schema leaves it (dates already in UTC). */
export interface ListRequest {
  q: string;
  status?: ArticleStatus | undefined;
  section?: string | undefined;
  author?: string | undefined;
  kind?: ArticleKind | undefined;
  from?: number | undefined;
  to?: number | undefined;
  sort: repo.ListSort;
  after?: string | undefined;
  limit: number;
}

export type ListItem = repo.ListRow & { bylines: string[] };

export interface ListResult {
  items: ListItem[];
  /** Articles of each status that pass every other filter (at least, beyond the cap). */
  counts: Record<ArticleStatus, counting.StatusCount>;
  /** The cursor of the next page, if there is one. */
  next?: string | undefined;
}

/** A query string naming something that does not exist: 400, with the field it came in. */
export class ListQueryError extends BadRequestError {
  constructor(readonly fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([k, v]) => `"${k}": ${v}`)
        .join(' '),
    );
  }
}

const BAD_CURSOR = 'This page link is not valid. Start again from the first page.';
/** A headline is at most 400 characters, 1,600 bytes of UTF-8: 2,134 in base64url. */
export const MAX_CURSOR_CHARS = 2200;

/**
 * Cursors name the last row of a page in its order: `u.` and `p.` a time and an id (core/cursor's
 * form), `n.` an id among the never published, `h.` a headline (base64url) and an id. A cursor of
 * another order than the page's, or not one we made, is refused.
 */
export function encodeListCursor(sort: repo.ListSort, key: repo.ListKey): string {
  if (sort === 'headline') {
    return `h.${Buffer.from(String(key.value)).toString('base64url')}.${key.id.toString(36)}`;
  }
  if (key.value === null) return `n.${key.id.toString(36)}`;
  return `${sort === 'updated' ? 'u' : 'p'}.${encodeCursor({ publishedAt: Number(key.value), id: key.id })}`;
}

export function decodeListCursor(sort: repo.ListSort, raw: string): repo.ListKey {
  const dot = raw.indexOf('.');
  const kind = raw.slice(0, dot);
  const rest = raw.slice(dot + 1);
  const fail = () => new ListQueryError({ after: BAD_CURSOR });
  if (dot < 0 || raw.length > MAX_CURSOR_CHARS) throw fail();
  if (sort === 'headline' && kind === 'h') {
    const m = /^([A-Za-z0-9_-]+)\.([0-9a-z]{1,9})$/.exec(rest);
    const headline = m ? Buffer.from(m[1]!, 'base64url').toString('utf8') : '';
    const id = m ? Number.parseInt(m[2]!, 36) : 0;
    // A NUL is no headline's, and PostgreSQL refuses it in a parameter.
    if (!headline || headline.length > 400 || headline.includes('\u0000') || !isPositiveInt32(id))
      throw fail();
    return { value: headline, id };
  }
  if (sort === 'published' && kind === 'n') {
    const id = /^[0-9a-z]{1,9}$/.test(rest) ? Number.parseInt(rest, 36) : 0;
    if (!isPositiveInt32(id)) throw fail();
    return { value: null, id };
  }
  if ((sort === 'updated' && kind === 'u') || (sort === 'published' && kind === 'p')) {
    try {
      const c = parseCursor(rest);
      if (c) return { value: c.publishedAt, id: c.id };
    } catch {
      // fall through: the same refusal as any other cursor we did not make
    }
  }
  throw fail();
}

/** The newsroom's list of every article: search, filters, orders, pages and counts per status. */
export class ArticleListReader {
  constructor(
    private readonly db: Database,
    private readonly sections: SectionTree,
  ) {}

  async list(user: WorkflowUser, req: ListRequest): Promise<ListResult> {
    const filters = await this.filters(user, req);
    const after = req.after ? decodeListCursor(req.sort, req.after) : undefined;
    const [rows, counts] = await Promise.all([
      repo.listPage(this.db, filters, req.sort, req.limit, after),
      counting.countByStatus(this.db, filters, req.sort),
    ]);
    const page = rows.slice(0, req.limit);
    const bylines = await repo.bylinesOf(
      this.db,
      page.map((r) => r.id),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...r, bylines: bylines.get(r.id) ?? [] })),
      counts,
      next: rows.length > req.limit && last ? encodeListCursor(req.sort, keyOf(req.sort, last)) : undefined,
    };
  }

  /** The authors a list can be narrowed to, by name. */
  authors(): Promise<{ slug: string; name: string }[]> {
    return listAuthors(this.db);
  }

  /** The request as conditions: names looked up (400 for unknown ones), the viewer's limits applied. */
  private async filters(user: WorkflowUser, req: ListRequest): Promise<repo.ListFilters> {
    const fields: Record<string, string> = {};
    const section = req.section ? this.sections.bySlugOrUndefined(req.section) : undefined;
    if (req.section && !section) fields.section = `There is no section "${req.section}".`;
    const author = req.author ? await findAuthorBySlug(this.db, req.author) : undefined;
    if (req.author && !author) fields.author = `There is no author "${req.author}".`;
    if (Object.keys(fields).length) throw new ListQueryError(fields);
    return {
      status: req.status,
      section: section && { id: section.id, isRoot: !section.parent },
      author: author && { id: author.id, set: await sets.authorSet(this.db, author.id) },
      kind: req.kind,
      from: req.from,
      to: req.to,
      // Reporters and contributors see only their own work (workflow.ts, canSee).
      createdBy: can(user.role, 'article.edit-any') ? undefined : user.id,
      text: await this.text(req.q),
    };
  }

  /**
   * The words of the query as the reader search reads them (a query of no words is no filter), and
   * the matches in each index: a few read whole, or the first of many (article-list-sets).
   */
  private async text(q: string): Promise<repo.ListFilters['text']> {
    const parsed = parseQuery(q);
    if (parsed.clauses.length === 0) return undefined;
    const match = { fts5: toFts5(parsed), tsquery: toTsquery(parsed) };
    const [reader, desk] = await Promise.all([
      sets.textSet(this.db, match, 'reader'),
      sets.textSet(this.db, match, 'desk'),
    ]);
    return { match, reader, desk };
  }
}

function keyOf(sort: repo.ListSort, r: repo.ListRow): repo.ListKey {
  const value = sort === 'headline' ? r.headline : sort === 'published' ? r.published_at : r.updated_at;
  return { value, id: r.id };
}
