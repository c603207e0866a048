import type { SiteContext } from '../render/context.ts';
import { Layout } from '../render/layout.tsx';
import type { ApiRegistry } from './openapi.ts';

/** The parts of an OpenAPI operation the page shows. */
interface DocOperation {
  summary: string;
  description: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

export interface ApiDocsPageProps {
  site: SiteContext;
  doc: ReturnType<ApiRegistry['document']>;
}

/** /api/docs: the OpenAPI document as a page, one section per operation. */
export function ApiDocsPage({ site, doc }: ApiDocsPageProps) {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, DocOperation>).map(([method, op]) => ({ path, method, op })),
  );
  return (
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
    </Layout>
  );
}
