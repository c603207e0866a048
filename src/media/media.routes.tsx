import fs from 'node:fs';
import path from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestActor } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import type { ApiRegistry } from '../api/openapi.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import type { AppContext } from '../http/context.ts';
import { formString, parseId, sendPage } from '../http/html.ts';
import { Csrf, NewsroomLayout } from '../newsroom/newsroom-layout.tsx';
import { bodyImageHtml, Picture } from './media.render.tsx';
import { findMedia, recentMedia } from './media.repository.ts';
import type { MediaService } from './media.service.ts';

const KEY = /^[0-9a-f]{24}$/;
const FILE = /^(original|(?:(?:16x9|4x3|1x1)-)?w\d{2,4})\.(webp|jpg|png)$/;
const TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };

const field = formString;

/** Whether to offer the edit form (the service decides; this only hides what it would refuse). */
const mayEdit = (req: FastifyRequest, m: { created_by: number | null }) =>
  !!req.user && (can(req.user.role, 'article.edit-any') || m.created_by === req.user.id);

function fileOf(body: unknown): MultipartFile | undefined {
  const f = (body as Record<string, unknown> | undefined)?.file;
  return f && typeof f === 'object' && 'toBuffer' in f ? (f as MultipartFile) : undefined;
}

const percent = (raw: string, fallback = 50) => {
  const n = Number(raw);
  return Number.isFinite(n) && raw !== '' ? n / 100 : fallback / 100;
};

export function mediaRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  media: MediaService,
  api: ApiRegistry,
): void {
  app.get<{ Params: { key: string; file: string } }>(
    '/media/:key/:file',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const { key, file } = req.params;
      const m = FILE.exec(file);
      if (!KEY.test(key) || !m) throw new NotFoundError();
      const full = path.join(media.dirOf(key), file);
      const stat = await fs.promises.stat(full).catch(() => null);
      if (!stat?.isFile()) throw new NotFoundError();
      // Variants never change under their name except crops after a focal-point move: a day, then revalidate.
      return reply
        .type(TYPES[m[2]!]!)
        .header(
          'cache-control',
          m[1]!.includes('x') ? 'public, max-age=86400' : 'public, max-age=31536000, immutable',
        )
        .header('content-length', stat.size)
        .send(fs.createReadStream(full));
    },
  );

  const upload = async (req: FastifyRequest) => {
    const file = fileOf(req.body);
    if (!file) throw new ValidationError('Choose an image file to upload.', { file: 'Required' });
    const buffer = await file.toBuffer();
    return media.ingest(buffer, {
      originalName: file.filename,
      alt: field(req.body, 'alt', 500),
      caption: field(req.body, 'caption', 1000),
      focalX: percent(field(req.body, 'focal_x', 10)),
      focalY: percent(field(req.body, 'focal_y', 10)),
      userId: req.user?.id ?? null,
    });
  };

  const library = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; error?: string } = {},
    status = 200,
  ) => {
    const items = await recentMedia(ctx.db, 60);
    return sendPage(
      reply,
      <NewsroomLayout site={ctx.site()} title="Media library" user={req.user} csrf={req.csrfToken} {...extra}>
        <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="form">
          <Csrf token={req.csrfToken} />
          <div>
            <label for="file">Image (JPEG, PNG or WebP, up to 15 MB and 50 megapixels)</label>
            <input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp" required />
          </div>
          <div>
            <label for="alt">Alt text (required)</label>
            <input id="alt" name="alt" type="text" maxLength={500} required aria-describedby="alt-hint" />
            <p class="hint" id="alt-hint">
              What the image shows, for readers who cannot see it.
            </p>
          </div>
          <div>
            <label for="caption">Caption</label>
            <input id="caption" name="caption" type="text" maxLength={1000} />
          </div>
          <div class="actions">
            <label for="focal_x">Focal point across (%)</label>
            <input id="focal_x" name="focal_x" type="number" min="0" max="100" value="50" />
            <label for="focal_y">Focal point down (%)</label>
            <input id="focal_y" name="focal_y" type="number" min="0" max="100" value="50" />
          </div>
          <div>
            <button type="submit">Upload</button>
          </div>
        </form>
        <h2>Recent images</h2>
        <ul class="media-grid">
          {items.map((m) => (
            <li key={m.id}>
              <Picture m={m} crop="4x3" sizes="12rem" />
              <p>
                #{m.id} · {m.width}×{m.height} · {m.alt}
              </p>
              {mayEdit(req, m) && (
                <details>
                  <summary>Edit #{m.id}</summary>
                  <form method="post" action={`/newsroom/media/${m.id}`} class="form">
                    <Csrf token={req.csrfToken} />
                    <div>
                      <label for={`alt-${m.id}`}>Alt text</label>
                      <input
                        id={`alt-${m.id}`}
                        name="alt"
                        type="text"
                        value={m.alt}
                        maxLength={500}
                        required
                      />
                    </div>
                    <div>
                      <label for={`cap-${m.id}`}>Caption</label>
                      <input
                        id={`cap-${m.id}`}
                        name="caption"
                        type="text"
                        value={m.caption}
                        maxLength={1000}
                      />
                    </div>
                    <div>
                      <label for={`fx-${m.id}`}>Focal point across (%)</label>
                      <input
                        id={`fx-${m.id}`}
                        name="focal_x"
                        type="number"
                        min="0"
                        max="100"
                        value={String(Math.round(m.focal_x * 100))}
                      />
                    </div>
                    <div>
                      <label for={`fy-${m.id}`}>Focal point down (%)</label>
                      <input
                        id={`fy-${m.id}`}
                        name="focal_y"
                        type="number"
                        min="0"
                        max="100"
                        value={String(Math.round(m.focal_y * 100))}
                      />
                    </div>
                    <div>
                      <button type="submit">Save image details</button>
                    </div>
                  </form>
                </details>
              )}
            </li>
          ))}
        </ul>
      </NewsroomLayout>,
      status,
    );
  };

  app.get('/newsroom/media', { config: { permission: 'media.upload' } }, (req, reply) => library(req, reply));

  app.post('/newsroom/media', { config: { permission: 'media.upload' } }, async (req, reply) => {
    const wantsJson = (req.headers.accept ?? '').includes('application/json');
    try {
      const m = await upload(req);
      if (wantsJson) return reply.code(201).send({ id: m.id, alt: m.alt, html: bodyImageHtml(m) });
      return library(req, reply, { notice: `Uploaded image #${m.id}.` });
    } catch (err) {
      if (wantsJson || !(err instanceof ValidationError || (err as { status?: number }).status === 415))
        throw err;
      return library(req, reply, { error: (err as Error).message }, (err as { status: number }).status);
    }
  });

  app.post<{ Params: { id: string } }>(
    '/newsroom/media/:id',
    { config: { permission: 'media.upload' } },
    async (req, reply) => {
      const m = await findMedia(ctx.db, parseId(req.params.id) ?? 0);
      if (!m) throw new NotFoundError('No such image.');
      try {
        // Moving the focal point cuts the lead-image crops again.
        await media.edit(
          m,
          {
            alt: field(req.body, 'alt', 500),
            caption: field(req.body, 'caption', 1000),
            focalX: percent(field(req.body, 'focal_x', 10)),
            focalY: percent(field(req.body, 'focal_y', 10)),
          },
          requestActor(req),
        );
        return library(req, reply, { notice: `Saved image #${m.id}.` });
      } catch (err) {
        if (err instanceof ValidationError) return library(req, reply, { error: err.message }, 422);
        throw err;
      }
    },
  );

  api.add({
    method: 'POST',
    path: '/api/admin/v1/media',
    summary: 'Upload an image (multipart/form-data: file, alt, caption, focal_x and focal_y in percent)',
    permission: 'media.upload',
    multipart: {
      file: { type: 'string', format: 'binary' },
      alt: { type: 'string', maxLength: 500 },
      caption: { type: 'string', maxLength: 1000 },
      focal_x: { type: 'number', minimum: 0, maximum: 100 },
      focal_y: { type: 'number', minimum: 0, maximum: 100 },
    },
    responses: {
      201: { description: 'Stored; `html` is the figure to put in an article body' },
      413: { description: 'Larger than 15 MB' },
      415: { description: 'Not a JPEG, PNG or WebP, or over 50 megapixels' },
      422: { description: 'Missing alt text or file, or too small' },
    },
    handler: async (req, reply) => {
      const m = await upload(req);
      return reply.code(201).send({
        id: m.id,
        width: m.width,
        height: m.height,
        format: m.format,
        alt: m.alt,
        html: bodyImageHtml(m),
      });
    },
  });

  app.get<{ Params: { id: string } }>(
    '/api/admin/v1/media/:id',
    { config: { permission: 'media.upload' } },
    async (req) => {
      const m = await findMedia(ctx.db, parseId(req.params.id) ?? 0);
      if (!m) throw new NotFoundError('No such image.');
      return { id: m.id, width: m.width, height: m.height, format: m.format, alt: m.alt, caption: m.caption };
    },
  );
}
