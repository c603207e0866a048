import type { ComponentChildren } from 'preact';
import type { SessionUser } from '../accounts/accounts.service.ts';
import { can } from '../accounts/permissions.ts';
import type { SiteContext } from '../render/context.ts';

export interface NewsroomPageProps {
  site: SiteContext;
  title: string;
  user: SessionUser | null;
  csrf: string | null;
  children: ComponentChildren;
  /** Extra scripts (same-origin files only: the CSP allows no inline script). */
  scripts?: string[];
  notice?: string | undefined;
  error?: string | undefined;
  /** data-* attributes on <body> for scripts (e.g. the CSRF token for uploads). */
  bodyData?: Record<string, string>;
}

/** The staff side: plain, dense and keyboard-friendly; never cached, never indexed. */
export function NewsroomLayout(p: NewsroomPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${p.title} - ${p.site.name} newsroom`}</title>
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={p.site.assets.css} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {p.scripts?.map((s) => (
          <script src={s} defer key={s} />
        ))}
      </head>
      <body
        class="newsroom"
        {...Object.fromEntries(Object.entries(p.bodyData ?? {}).map(([k, v]) => [`data-${k}`, v]))}
      >
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <a class="brand" href="/newsroom">
              {p.site.name} <span class="brand-sub">newsroom</span>
            </a>
            {p.user && (
              <p class="tagline">
                {p.user.name} ({p.user.role})
              </p>
            )}
          </div>
          {p.user && <NewsroomNav user={p.user} csrf={p.csrf} />}
        </header>
        <main id="main" class="page">
          <h1 class="page-title">{p.title}</h1>
          {p.notice && (
            <p class="flash flash-ok" role="status">
              {p.notice}
            </p>
          )}
          {p.error && (
            <p class="flash flash-error" role="alert">
              {p.error}
            </p>
          )}
          {p.children}
        </main>
      </body>
    </html>
  );
}

/** The staff menu: every user's links, then those their role allows. */
function NewsroomNav({ user, csrf }: { user: SessionUser; csrf: string | null }) {
  return (
    <nav class="sections-nav" aria-label="Newsroom">
      <ul>
        <li>
          <a href="/newsroom">Articles</a>
        </li>
        <li>
          <a href="/newsroom/articles">All articles</a>
        </li>
        <li>
          <a href="/newsroom/articles/new">New article</a>
        </li>
        {can(user.role, 'home.curate') && (
          <li>
            <a href="/newsroom/home">Home page</a>
          </li>
        )}
        {can(user.role, 'taxonomy.manage') && (
          <>
            <li>
              <a href="/newsroom/sections">Sections</a>
            </li>
            <li>
              <a href="/newsroom/tags">Tags</a>
            </li>
          </>
        )}
        {can(user.role, 'authors.manage') && (
          <li>
            <a href="/newsroom/authors">Authors</a>
          </li>
        )}
        {can(user.role, 'users.manage') && (
          <li>
            <a href="/newsroom/users">Users</a>
          </li>
        )}
        {can(user.role, 'audit.read') && (
          <li>
            <a href="/newsroom/audit">Audit log</a>
          </li>
        )}
        {can(user.role, 'media.upload') && (
          <li>
            <a href="/newsroom/media">Media</a>
          </li>
        )}
        <li>
          <a href="/newsroom/account">Account</a>
        </li>
        <li>
          <a href="/">View site</a>
        </li>
        <li>
          <form method="post" action="/newsroom/logout" class="inline-form">
            <input type="hidden" name="_csrf" value={csrf ?? ''} />
            <button type="submit" class="link-button">
              Log out
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

/** The hidden CSRF field every state-changing form carries. */
export function Csrf({ token }: { token: string | null }) {
  return <input type="hidden" name="_csrf" value={token ?? ''} />;
}
