import { z } from 'zod';
import type { ApiRegistry } from '../api/openapi.ts';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../core/errors.ts';
import { parseId } from '../http/html.ts';
import { bodyImageHtml } from './media.render.tsx';
import { readUpload } from './media.schema.ts';

const imageSchema = z.object({
  id: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  format: z.enum(['jpeg', 'png', 'webp']),
  alt: z.string(),
});
const uploadedSchema = imageSchema.extend({ html: z.string() });
const storedSchema = imageSchema.extend({ caption: z.string() });

/** The admin API's media operations (upload, read), documented in the OpenAPI document. */
export function mediaApi(api: ApiRegistry, ctx: AppContext): void {
  const { media } = ctx;

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
      201: { description: 'Stored; `html` is the figure to put in an article body', schema: uploadedSchema },
      413: { description: 'Larger than 15 MB' },
      415: { description: 'Not a JPEG, PNG or WebP, or over 50 megapixels' },
      422: { description: 'Missing alt text or file, a focal point outside 0-100, or too small' },
    },
    handler: async (req, reply) => {
      const { file, details } = readUpload(req.body);
      const m = await media.ingest(await file.toBuffer(), {
        originalName: file.filename,
        ...details,
        userId: req.user?.id ?? null,
      });
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

  api.add({
    method: 'GET',
    path: '/api/admin/v1/media/:id',
    summary: "An image's size, format, alt text and caption",
    permission: 'media.upload',
    responses: {
      200: { description: 'The image', schema: storedSchema },
      404: { description: 'No such image' },
    },
    handler: async (req) => {
      const id = parseId(req.params.id);
      const m = id === undefined ? undefined : await media.find(id);
      if (!m) throw new NotFoundError('No such image.');
      return { id: m.id, width: m.width, height: m.height, format: m.format, alt: m.alt, caption: m.caption };
    },
  });
}
