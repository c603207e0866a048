import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { packagePath } from '../core/paths.ts';
import { browserBundle } from './browser-bundle.ts';

export interface Asset {
  path: string;
  body: Buffer;
  type: string;
}

const css = fs.readFileSync(packagePath('src/render/assets/site.css'));
const cssHash = createHash('sha256').update(css).digest('hex').slice(0, 12);

const editor = fs.readFileSync(packagePath('src/render/assets/editor.js'));
const live = fs.readFileSync(packagePath('src/render/assets/live.js'));
const liveHash = createHash('sha256').update(live).digest('hex').slice(0, 12);
// The article body editor (ProseMirror), bundled from src/newsroom/body-editor/ by esbuild.
const bodyEditor = browserBundle('body-editor');
const bodyEditorHash = createHash('sha256').update(bodyEditor).digest('hex').slice(0, 12);

const favicon = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#a4161a"/><text x="16" y="23" font-family="Georgia,serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">D</text></svg>',
);

/** Static assets are few and small: held in memory, named by content hash, cached for a year. */
export const assets = {
  css: { path: `/assets/site.${cssHash}.css`, body: css, type: 'text/css; charset=utf-8' } satisfies Asset,
  favicon: { path: '/favicon.svg', body: favicon, type: 'image/svg+xml' } satisfies Asset,
  editor: { path: '/assets/editor.js', body: editor, type: 'text/javascript; charset=utf-8' } satisfies Asset,
  live: {
    path: `/assets/live.${liveHash}.js`,
    body: live,
    type: 'text/javascript; charset=utf-8',
  } satisfies Asset,
  bodyEditor: {
    path: `/assets/body-editor.${bodyEditorHash}.js`,
    body: bodyEditor,
    type: 'text/javascript; charset=utf-8',
  } satisfies Asset,
};

/** Static assets: anyone may fetch them. */
const PUBLIC = { config: { permission: 'public' as const } };

export function assetRoutes(app: FastifyInstance): void {
  app.get(assets.css.path, PUBLIC, (_req, reply) =>
    reply
      .type(assets.css.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(assets.css.body),
  );
  app.get(assets.favicon.path, PUBLIC, (_req, reply) =>
    reply
      .type(assets.favicon.type)
      .header('cache-control', 'public, max-age=86400')
      .send(assets.favicon.body),
  );
  for (const hashed of [assets.live, assets.bodyEditor]) {
    app.get(hashed.path, PUBLIC, (_req, reply) =>
      reply
        .type(hashed.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(hashed.body),
    );
  }
  app.get(assets.editor.path, PUBLIC, (_req, reply) =>
    reply.type(assets.editor.type).header('cache-control', 'public, max-age=300').send(assets.editor.body),
  );
}
