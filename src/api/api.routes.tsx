import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { sendPage } from '../http/html.ts';
import { Layout } from '../render/layout.tsx';
import { adminArticleRoutes } from './admin-articles.routes.ts';
import type { ApiRegistry } from './openapi.ts';

interface DocOperation {
  summary: string;
  description: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

/** The admin API, its OpenAPI document and a readable page of it. */
export function apiRoutes(app: FastifyInstance, ctx: AppContext, api: ApiRegistry): void {
  adminArticleRoutes(app, ctx, api);
  // Read when asked, so operations other features add (media) are included.
  const docOf = () => api.document(ctx.config.siteName);

  app.get('/api/openapi.json', { config: { permission: 'public' } }, async () => docOf());

  app.get('/api/docs', { config: { permission: 'public' } }, async (_req, reply) => {
    const site = ctx.site();
    const doc = docOf();
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, DocOperation>).map(([method, op]) => ({ path, method, op })),
    );
    return sendPage(
      reply,
      <Layout site={site} meta={{ title: 'Admin API', canonical: '/api/docs' }}>
        <div class="article-page">
          <h1 class="page-title">{doc.info.title}</h1>
          <p>{doc.info.description}</p>
          <p>
            Machine-readable: <a href="/api/openapi.json">OpenAPI 3 document</a>.
          </p>
          {ops.map(({ path, method, op }) => (
            <section key={`${method} ${path}`} aria-labelledby={`op-${method}-${path}`}>
              <h2 id={`op-${method}-${path}`}>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h2>
              <p>
                {op.summary}. {op.description}
              </p>
              {op.requestBody && (
                <details>
                  <summary>Request body (by content type, JSON Schema)</summary>
                  <pre>{JSON.stringify(op.requestBody.content, null, 2)}</pre>
                </details>
              )}
              <ul>
                {Object.entries(op.responses).map(([code, r]) => (
                  <li key={code}>
                    <code>{code}</code>: {r.description}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </Layout>,
    );
  });
}
