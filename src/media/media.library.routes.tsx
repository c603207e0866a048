import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestActor } from '../accounts/auth.ts';
import type { AppContext } from '../context.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { formValues, parseForm } from '../http/forms.ts';
import { parseId, sendPage, wantsJson } from '../http/html.ts';
import { screenFrame } from '../newsroom/screen.ts';
import type { SentForm } from '../newsroom/ui.tsx';
import { bodyImageHtml } from './media.render.tsx';
import { detailsProblem, mediaDetailsSchema, readUpload } from './media.schema.ts';
import { UnsupportedMediaError } from './media.service.ts';
import { MediaLibraryPage } from './media-library.page.tsx';

const LIBRARY_SIZE = 60;
const EDIT_ALT_MISSING = 'The alt text is required.';

/** The newsroom's media library: upload images, and edit the details of those one may edit. */
export function mediaLibraryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { media } = ctx;

  const library = async (
    req: FastifyRequest,
    reply: FastifyReply,
    state: { notice?: string; error?: string; upload?: SentForm; editing?: SentForm & { id: number } } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <MediaLibraryPage
        {...screenFrame(req, ctx.site())}
        items={await media.recent(LIBRARY_SIZE)}
        {...state}
      />,
      status,
    );

  app.get('/newsroom/media', { config: { permission: 'media.upload' } }, (req, reply) => library(req, reply));

  app.post('/newsroom/media', { config: { permission: 'media.upload' } }, async (req, reply) => {
    // The article editor's script uploads here too, and reads JSON back.
    const json = wantsJson(req);
    try {
      const { file, details } = readUpload(req.body);
      const m = await media.ingest(await file.toBuffer(), {
        originalName: file.filename,
        ...details,
        userId: req.user?.id ?? null,
      });
      if (json) return reply.code(201).send({ id: m.id, alt: m.alt, html: bodyImageHtml(m) });
      return library(req, reply, { notice: `Uploaded image #${m.id}.` });
    } catch (err) {
      if (json || !(err instanceof ValidationError || err instanceof UnsupportedMediaError)) throw err;
      // The details typed are kept; a refused file has to be chosen again (browsers never refill it).
      const fields = err instanceof ValidationError ? err.fields : { file: err.message };
      const upload = { fields, values: formValues(req.body) };
      return library(req, reply, { error: err.message, upload }, err.status);
    }
  });

  app.post<{ Params: { id: string } }>(
    '/newsroom/media/:id',
    { config: { permission: 'media.upload' } },
    async (req, reply) => {
      const id = parseId(req.params.id);
      const m = id === undefined ? undefined : await media.find(id);
      if (!m) throw new NotFoundError('No such image.');
      const form = parseForm(mediaDetailsSchema, req.body);
      const refused = (error: string, fields: Record<string, string>) =>
        library(req, reply, { error, editing: { id: m.id, fields, values: form.values } }, 422);
      if (!form.ok) {
        // Someone who may not edit the image is refused (403) before being told what to fix.
        await media.checkEditable(m, requestActor(req));
        return refused(detailsProblem(form.fields, EDIT_ALT_MISSING), form.fields);
      }
      try {
        // Moving the focal point cuts the lead-image crops again.
        await media.edit(m, form.data, requestActor(req));
        return library(req, reply, { notice: `Saved image #${m.id}.` });
      } catch (err) {
        if (err instanceof ValidationError) return refused(err.message, err.fields);
        throw err;
      }
    },
  );
}
