import type { ComponentChildren } from 'preact';
import type { SiteContext } from './context.ts';
import { Layout } from './layout.tsx';

export function NoticePage({
  site,
  title,
  children,
  noindex = true,
}: {
  site: SiteContext;
  title: string;
  children: ComponentChildren;
  noindex?: boolean;
}) {
  return (
    <Layout site={site} meta={{ title, noindex }}>
      <div class="notice">
        <h1>{title}</h1>
        {children}
      </div>
    </Layout>
  );
}
