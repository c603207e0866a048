import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { fieldErrors } from '../core/errors.ts';
import { formField, formValues } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import { MAX_QUERY_CHARS } from '../search/query.ts';
import { HomeCurationPage } from './curation.page.tsx';

const BOARD = '/newsroom/home';
const TOO_LONG = `Search for at most ${MAX_QUERY_CHARS} characters.`;

/** The changes the curation screen's buttons post to /newsroom/home/:op. */
const homeOp = z.enum(['pin', 'unpin', 'up', 'down']);
type HomeOp = z.infer<typeof homeOp>;

/** The board's query string: the words of a search for stories to pin, or nothing for the latest. */
const boardQuery = z.object({
  q: z
    .string({ error: 'Give it once.' })
    .max(MAX_QUERY_CHARS, TOO_LONG)
    .optional()
    .transform((v) => v?.trim() ?? ''),
});

/**
 * Every curation button sends the story it acts on; a Pin button in search results also sends the
 * search, so the screen comes back with the same results for the next pin.
 */
const homeChangeForm = z.object({
  article: formField.id('Choose a story from the list.'),
  q: formField.text(MAX_QUERY_CHARS),
});

/** The board's address, with the search when there is one. */
const boardUrl = (q: string) => (q ? `${BOARD}?${new URLSearchParams({ q })}` : BOARD);

/** The search a change was sent from (a refused change shows its results again), if it reads as one. */
function sentSearch(req: FastifyRequest): string {
  const q = formValues(req.body).q;
  return typeof q === 'string' && q.length <= MAX_QUERY_CHARS ? q.trim() : '';
}

/** The home page's curation screen: editors pin and order the top stories. */
export function homeCurationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const home = ctx.homeCuration;

  const board = async (
    req: FastifyRequest,
    reply: FastifyReply,
    q: string,
    refusal?: Refusal,
    status = 200,
  ) => {
    const shown = await home.board(q);
    const frame = screenFrame(req, ctx.site());
    return sendPage(
      reply,
      <HomeCurationPage {...frame} {...shown} q={q} error={refusal?.error} fields={refusal?.fields} />,
      status,
    );
  };

  app.get(BOARD, { config: { permission: 'home.curate' } }, (req, reply) => {
    const values = formValues(req.query);
    const parsed = boardQuery.safeParse(values);
    if (parsed.success) return board(req, reply, parsed.data.q);
    // A search the board cannot run: the latest stories, with the reason at the search box.
    const fields = fieldErrors(parsed.error);
    return board(req, reply, '', { error: Object.values(fields).join(' '), fields }, 400);
  });

  app.post<{ Params: { op: string } }>(
    `${BOARD}/:op`,
    { config: { permission: 'home.curate' } },
    (req, reply) => {
      const op = homeOp.safeParse(req.params.op);
      if (!op.success) return reply.callNotFound();
      const q = sentSearch(req);
      const changes = screenChanges(boardUrl(q), (rq, rp, refusal, status) =>
        board(rq, rp, q, refusal, status),
      );
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
