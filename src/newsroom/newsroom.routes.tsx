import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { formValues } from '../http/forms.ts';
import { parseId, sendPage } from '../http/html.ts';
import { editorRoutes } from './editor.routes.tsx';
import { revisionsQuery } from './editor.schema.ts';
import { RevisionsPage } from './revisions.page.tsx';

type WithId = { Params: { id: string } };

/** The article the route's `:id` names, if the user may open it (404 or 403 otherwise). */
const openFor = (ctx: AppContext) => (req: FastifyRequest<WithId>) =>
  ctx.articleDesk.open(req.user!, parseId(req.params.id));

/** The newsroom's article screens: the dashboard, the editor, the workflow, comments and revisions. */
export function newsroomRoutes(app: FastifyInstance, ctx: AppContext): void {
  editorRoutes(app, ctx);
  revisionRoutes(app, ctx);
}

/** Every save of an article, compared word by word (restoring one asks first: deliberate.routes.tsx). */
function revisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const desk = ctx.articleDesk;
  const open = openFor(ctx);

  app.get<WithId>(
    '/newsroom/articles/:id/revisions',
    { config: { permission: 'newsroom.use' } },
    async (req, reply) => {
      const article = await open(req);
      const { a, b } = revisionsQuery.parse(formValues(req.query));
      const [revisions, diff] = await Promise.all([
        desk.revisions(article.id),
        a && b ? desk.compare(article.id, a, b) : undefined,
      ]);
      return sendPage(
        reply,
        <RevisionsPage
          site={ctx.site()}
          user={req.user!}
          csrf={req.csrfToken}
          article={article}
          revisions={revisions}
          diff={diff}
        />,
      );
    },
  );
}
