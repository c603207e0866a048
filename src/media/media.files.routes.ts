import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { NotFoundError } from '../core/errors.ts';

/** Uploaded images' files, for readers: only the names the media service writes are served. */
export function mediaFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { key: string; file: string } }>(
    '/media/:key/:file',
    { config: { permission: 'public' } },
    async (req, reply) => {
      const stored = await ctx.media.storedFile(req.params.key, req.params.file);
      if (!stored) throw new NotFoundError();
      // Variants never change under their name except crops after a focal-point move: a day, then revalidate.
      return reply
        .type(stored.type)
        .header(
          'cache-control',
          stored.crop ? 'public, max-age=86400' : 'public, max-age=31536000, immutable',
        )
        .header('content-length', stored.size)
        .send(fs.createReadStream(stored.path));
    },
  );
}
