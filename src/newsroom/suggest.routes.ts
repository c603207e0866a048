import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { ValidationError } from '../core/errors.ts';
import { parseForm } from '../http/forms.ts';
import { suggestForm } from './editor.schema.ts';

/** Tag and dateline suggestions for the editor, from the headline and body being written. */
export function suggestRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/newsroom/articles/suggest', { config: { permission: 'article.write' } }, async (req) => {
    const form = parseForm(suggestForm, req.body);
    if (!form.ok) throw new ValidationError(Object.values(form.fields).join(' '), form.fields);
    const { headline, lede, body, tags } = form.data;
    return ctx.tagSuggestions.suggest({ headline, lede, body, current: tags });
  });
}
