import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { formField } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import { HomeCurationPage } from './curation.page.tsx';

/** The changes the curation screen's buttons post to /newsroom/home/:op. */
const homeOp = z.enum(['pin', 'unpin', 'up', 'down']);
type HomeOp = z.infer<typeof homeOp>;

/** Every curation button sends the story it acts on. */
const homeChangeForm = z.object({
  article: formField.id('Choose a story from the list.'),
});

/** The home page's curation screen: editors pin and order the top stories. */
export function homeCurationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const home = ctx.homeCuration;

  const show = async (req: FastifyRequest, reply: FastifyReply, refusal?: Refusal, status = 200) => {
    const board = await home.board();
    return sendPage(
      reply,
      <HomeCurationPage {...screenFrame(req, ctx.site())} {...board} error={refusal?.error} />,
      status,
    );
  };

  const changes = screenChanges('/newsroom/home', show);

  app.get('/newsroom/home', { config: { permission: 'home.curate' } }, (req, reply) => show(req, reply));
  app.post<{ Params: { op: string } }>(
    '/newsroom/home/:op',
    { config: { permission: 'home.curate' } },
    (req, reply) => {
      const op = homeOp.safeParse(req.params.op);
      if (!op.success) return reply.callNotFound();
      const actor = req.user!.id;
      const ops: Record<HomeOp, (id: number) => Promise<void>> = {
        pin: (id) => home.pin(id, actor),
        unpin: (id) => home.unpin(id, actor),
        up: (id) => home.move(id, -1, actor),
        down: (id) => home.move(id, 1, actor),
      };
      return changes.submit(req, reply, homeChangeForm, ({ article }) => ops[op.data](article));
    },
  );
}
