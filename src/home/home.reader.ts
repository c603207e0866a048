import { listBreaking, listBySection, listLatest } from '../articles/articles.repository.ts';
import { articleKeysOf, cacheKeys } from '../core/cache-keys.ts';
import type { Database } from '../core/db/database.ts';
import type { ArticleSummary, Section } from '../core/model.ts';
import type { SectionTree } from '../sections/sections.service.ts';
import { MAX_PINS } from './curation.ts';
import { listPinned } from './home.repository.ts';

const TOP = 5;
const LATEST = 12;
const PER_SECTION = 4;
/** Breaking news leads the home page for a day. */
const BREAKING_FOR_MS = 24 * 3600_000;

/** What the home page lists, and the surrogate keys of those lists. */
export interface HomeLists {
  breaking: ArticleSummary[];
  top: ArticleSummary[];
  latest: ArticleSummary[];
  blocks: { section: Section; items: ArticleSummary[] }[];
  keys: string[];
}

/** Reads the home page: pinned and latest top stories, breaking news, a block per top-level section. */
export class HomeReader {
  constructor(
    private readonly db: Database,
    private readonly sections: SectionTree,
  ) {}

  async lists(now = Date.now()): Promise<HomeLists> {
    // Pinned stories lead in the editors' order; free top slots and the latest list follow by time.
    const [pinned, recent] = await Promise.all([
      listPinned(this.db),
      listLatest(this.db, TOP + LATEST + MAX_PINS),
    ]);
    const pinnedSet = new Set(pinned.map((p) => p.id));
    const latest = [...pinned, ...recent.filter((a) => !pinnedSet.has(a.id))];
    const breaking = await listBreaking(this.db, now - BREAKING_FOR_MS, 2);
    const blocks = await Promise.all(
      this.sections.topLevel().map(async (section) => ({
        section,
        items: await listBySection(this.db, { id: section.id, isRoot: true }, PER_SECTION),
      })),
    );
    const topCount = Math.max(TOP, pinned.length);
    const lists = {
      breaking,
      top: latest.slice(0, topCount),
      latest: latest.slice(topCount, topCount + LATEST),
      blocks: blocks.filter((b) => b.items.length > 0),
    };
    return {
      ...lists,
      keys: [
        cacheKeys.home,
        ...articleKeysOf(lists.breaking, lists.top, lists.latest, ...lists.blocks.map((b) => b.items)),
      ],
    };
  }
}
