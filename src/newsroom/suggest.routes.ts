import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../core/errors.ts';
import { htmlToText } from '../core/text.ts';
import type { AppContext } from '../http/context.ts';
import { formString } from '../http/html.ts';
import { suggestTags, TagVocabulary } from '../related/suggest.ts';
import { allTagNames } from '../tags/tags.repository.ts';

const VOCABULARY_TTL_MS = 60_000;

/** Tag and dateline suggestions for the editor, from the headline and body being written. */
export function suggestRoutes(app: FastifyInstance, ctx: AppContext): void {
  let vocabulary: { at: number; v: TagVocabulary } | undefined;
  const vocab = async () => {
    if (!vocabulary || Date.now() - vocabulary.at > VOCABULARY_TTL_MS) {
      vocabulary = { at: Date.now(), v: new TagVocabulary(await allTagNames(ctx.db)) };
    }
    return vocabulary.v;
  };
  // New tags join the vocabulary at once.
  const forget = () => {
    vocabulary = undefined;
  };
  ctx.events.on('tags.changed', forget, { everyNode: true });
  ctx.events.on('article.published', forget, { everyNode: true });

  app.post('/newsroom/articles/suggest', { config: { permission: 'article.write' } }, async (req) => {
    const headline = formString(req.body, 'headline', 400);
    const lede = formString(req.body, 'lede', 2000);
    const body = htmlToText(formString(req.body, 'body', 200_000));
    if (!headline.trim() && !lede.trim() && !body.trim()) {
      throw new BadRequestError('Write a headline or some text first.');
    }
    const current = formString(req.body, 'tags', 2000)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    return suggestTags({ headline, lede, body, current }, await vocab());
  });
}
