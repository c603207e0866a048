import { systemActor } from '../../src/accounts/actor.ts';
import type { ArticleStatus } from '../../src/core/db/schema.ts';
import { localToUtc } from '../../src/core/time.ts';
import type { TestApp } from './app.ts';

const TEST = systemActor('test');

export interface Fixture {
  headline: string;
  status: ArticleStatus;
  lede?: string;
  body?: string;
  section?: string;
  kind?: 'staff' | 'reader' | 'brief' | 'analysis' | 'wire';
  authors?: string[];
  tags?: string[];
  /** The user the article belongs to (its writer). */
  owner?: number;
  /** Last change and (when published) publication, as a wall-clock time in Europe/Sofia: [y, m, d, h, min]. */
  at?: [number, number, number, number, number];
}

/** Sofia wall-clock time in UTC ms (the test app's site time zone). */
export const sofia = (y: number, m: number, d: number, h: number, min: number) =>
  localToUtc(y, m, d, h, min, 0, 'Europe/Sofia');

/**
 * An article in the given status, made the way the newsroom makes it (a draft, then workflow moves),
 * then dated and owned as the fixture says (written directly: only tests move times).
 */
export async function makeArticle(t: TestApp, f: Fixture): Promise<number> {
  const id = await t.ctx.articles.create(
    {
      headline: f.headline,
      lede: f.lede ?? '',
      body: f.body ?? '<p>Text.</p>',
      section: f.section ?? 'politics',
      kind: f.kind ?? 'staff',
      authors: f.authors ?? [],
      tags: f.tags ?? [],
      status: 'draft',
    },
    TEST,
  );
  const move = (action: 'submit' | 'publish' | 'schedule' | 'unpublish', at?: number) =>
    t.ctx.articles.transition(id, action, { actor: TEST, ...(at ? { at } : {}) });
  if (f.status === 'in_review') await move('submit');
  if (f.status === 'scheduled') await move('schedule', Date.now() + 86_400_000);
  if (f.status === 'published' || f.status === 'unpublished') await move('publish');
  if (f.status === 'unpublished') await move('unpublish');
  const at = f.at ? sofia(...f.at) : undefined;
  if (f.owner === undefined && at === undefined) return id;
  await t.db.db
    .updateTable('articles')
    .set({
      ...(f.owner !== undefined ? { created_by: f.owner } : {}),
      ...(at !== undefined ? { updated_at: at } : {}),
      ...(at !== undefined && (f.status === 'published' || f.status === 'unpublished')
        ? { published_at: at }
        : {}),
    })
    .where('id', '=', id)
    .execute();
  return id;
}

/** The article ids of a list page, in the order shown (the links to the editor). */
export function listedIds(html: string): number[] {
  return [...html.matchAll(/<td><a href="\/newsroom\/articles\/(\d+)">/g)].map((m) => Number(m[1]));
}

/** The count shown for a status tab ('All' or a status label): "1,234" is 1234, "10,000+" is '10000+'. */
export function countOf(html: string, label: string): number | string {
  const m = new RegExp(`>${label} <span class="count">\\(([\\d,]+)(\\+?)\\)</span>`).exec(html);
  if (!m) throw new Error(`no count for ${label}`);
  const n = Number(m[1]!.replace(/,/g, ''));
  return m[2] ? `${n}+` : n;
}

/** The next page's address on a list page, if there is one. */
export function nextLink(html: string): string | undefined {
  const m = /<a href="([^"]+)" rel="next">/.exec(html);
  return m ? m[1]!.replace(/&amp;/g, '&') : undefined;
}
