import type { Database } from '../core/db/database.ts';
import { BadRequestError } from '../core/errors.ts';
import { htmlToText } from '../core/text.ts';
import { type Suggestions, suggestTags, TagVocabulary } from '../related/suggest.ts';
import { allTagNames } from '../tags/tags.repository.ts';

const VOCABULARY_TTL_MS = 60_000;

/**
 * Tag and dateline suggestions for the article being written. The existing tags are read once a
 * minute at most; `forget()` drops them at once, so new and renamed tags are offered right away
 * (the composition root calls it on tag changes and publishes, on every node).
 */
export class TagSuggestions {
  private vocabulary: { at: number; v: TagVocabulary } | undefined;
  // Bumped by forget(): a read that started before it must not put back the old tags.
  private generation = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  forget(): void {
    this.vocabulary = undefined;
    this.generation++;
  }

  /** `body` is the editor's HTML. Refuses (400) when there is no text to read yet. */
  async suggest(input: {
    headline: string;
    lede: string;
    body: string;
    current: string[];
  }): Promise<Suggestions> {
    const body = htmlToText(input.body);
    if (!input.headline.trim() && !input.lede.trim() && !body.trim()) {
      throw new BadRequestError('Write a headline or some text first.');
    }
    return suggestTags({ ...input, body }, await this.tags());
  }

  private async tags(): Promise<TagVocabulary> {
    if (this.vocabulary && this.now() - this.vocabulary.at <= VOCABULARY_TTL_MS) return this.vocabulary.v;
    const generation = this.generation;
    const at = this.now();
    const v = new TagVocabulary(await allTagNames(this.db));
    if (generation === this.generation) this.vocabulary = { at, v };
    return v;
  }
}
