import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../accounts/auth.ts';
import type { AppContext } from '../context.ts';
import { SLUG_PATTERN } from '../core/slug.ts';
import { formField } from '../http/forms.ts';
import { sendPage } from '../http/html.ts';
import { itemId, type Refusal, screenChanges } from '../newsroom/change.ts';
import { screenFrame } from '../newsroom/screen.ts';
import {
  type AuthorLink,
  isWebUrl,
  LINK_ROWS,
  LINK_URL_RULE,
  MAX_LINK_LABEL,
  MAX_LINK_URL,
} from './author-links.ts';
import { AuthorFormPage, AuthorsAdminPage } from './authors.admin.page.tsx';
import { MAX_BIO, MAX_NAME, MAX_SLUG, MAX_TITLE } from './authors.admin.ts';

const BACK = '/newsroom/authors';
const MANAGE = { config: { permission: 'authors.manage' } } as const;

/** A slug as typed ('' means "from the name"); upper case is accepted and lowered. */
const slug = formField
  .text(MAX_SLUG)
  .transform((s) => s.toLowerCase())
  .refine(
    (s) => s === '' || SLUG_PATTERN.test(s),
    'The slug may hold only lower-case letters, digits and hyphens.',
  );

/** One text field per link row and part: link1_label, link1_url, ... (so each message sits by its input). */
const linkFields = Object.fromEntries(
  LINK_ROWS.flatMap((n) => [
    [`link${n}_label`, formField.text(MAX_LINK_LABEL)],
    [`link${n}_url`, formField.text(MAX_LINK_URL)],
  ]),
);

const authorForm = z
  .object({
    name: formField.required(MAX_NAME, 'The author needs a name.'),
    slug,
    title: formField.text(MAX_TITLE),
    bio: formField.text(MAX_BIO),
    photo: formField.optionalId('Choose one of the listed images.'),
    ...linkFields,
  })
  .transform((f, ctx) => {
    const rows = f as unknown as Record<string, string>;
    const links: AuthorLink[] = [];
    for (const n of LINK_ROWS) {
      const label = rows[`link${n}_label`] ?? '';
      const url = rows[`link${n}_url`] ?? '';
      // A row left empty is no link; a half-filled one is a mistake worth pointing at.
      if (!label && !url) continue;
      if (!label)
        ctx.addIssue({ code: 'custom', path: [`link${n}_label`], message: 'Give the link a label.' });
      if (!isWebUrl(url)) ctx.addIssue({ code: 'custom', path: [`link${n}_url`], message: LINK_URL_RULE });
      links.push({ label, url });
    }
    return { name: f.name, slug: f.slug, title: f.title, bio: f.bio, photo: f.photo, links };
  });

type FormName = 'new' | number;

/** The author profiles screen: editors list, create and edit the bylines. */
export function authorAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = ctx.authorAdmin;

  const list = async (req: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, <AuthorsAdminPage {...screenFrame(req, ctx.site())} authors={await admin.list()} />);

  /** The new-author form, or one author's, as stored or as refused. */
  const form = async (
    req: FastifyRequest,
    reply: FastifyReply,
    which: FormName,
    refusal?: Refusal,
    status = 200,
  ) => {
    const [profile, photos] = await Promise.all([
      which === 'new' ? undefined : admin.get(which),
      admin.photoChoices(),
    ]);
    return sendPage(
      reply,
      <AuthorFormPage
        {...screenFrame(req, ctx.site())}
        profile={profile}
        photos={photos}
        {...(refusal ? { refusal } : {})}
      />,
      status,
    );
  };

  const changes = screenChanges<FormName>(BACK, (req, reply, refusal, status) =>
    refusal.form === undefined ? list(req, reply) : form(req, reply, refusal.form, refusal, status),
  );

  app.get(BACK, MANAGE, list);
  app.get('/newsroom/authors/new', MANAGE, (req, reply) => form(req, reply, 'new'));
  app.get('/newsroom/authors/:id', MANAGE, (req, reply) => form(req, reply, itemId(req)));

  app.post(BACK, MANAGE, (req, reply) =>
    changes.submit(req, reply, authorForm, (data) => admin.create(data, requestActor(req)), 'new'),
  );

  app.post('/newsroom/authors/:id', MANAGE, (req, reply) =>
    changes.submitOn(
      req,
      reply,
      authorForm,
      (id, data) => admin.update(id, data, requestActor(req)),
      (id) => id,
    ),
  );
}
