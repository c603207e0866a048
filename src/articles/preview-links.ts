import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '../accounts/accounts.service.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { findArticleById } from './articles.repository.ts';
import * as repo from './preview-links.repository.ts';
import { canSee } from './workflow.ts';

export type { PreviewLinkRow } from './preview-links.repository.ts';

const HOUR = 3_600_000;

/** How long a new link may last, in hours: the choices the newsroom's form offers. */
export const PREVIEW_LINK_HOURS = [1, 24, 48, 168] as const;
export const DEFAULT_PREVIEW_HOURS = 48;

// 32 random bytes in base64url: 43 characters, never guessed. Anything else is no token at all.
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** What the table keeps instead of the token: a leaked table opens no preview. */
function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Preview links: an unpublished article shown to someone without a login, for as long as the link
 * lasts. The token is shown once, when the link is made; only its hash is stored. Creating and
 * revoking are audited.
 */
export class PreviewLinks {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new link to the article, lasting `hours` (one of PREVIEW_LINK_HOURS); its token, once. */
  async create(
    articleId: number,
    user: SessionUser,
    hours: number,
  ): Promise<{ token: string; expiresAt: number }> {
    await this.articleFor(user, articleId);
    if (!(PREVIEW_LINK_HOURS as readonly number[]).includes(hours)) {
      throw new ValidationError('Choose how long the link lasts.', { hours: 'Choose from the list' });
    }
    const now = this.now();
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const expiresAt = now + hours * HOUR;
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteExpiredLinks(trx, articleId, now);
      await repo.insertPreviewLink(trx, {
        token_hash: hashOf(token),
        article_id: articleId,
        created_by: user.id,
        created_at: now,
        expires_at: expiresAt,
      });
      await this.audit.record(
        {
          userId: user.id,
          action: 'article.preview-link',
          subject: `article:${articleId}`,
          details: { hours, expiresAt },
        },
        trx,
      );
    });
    return { token, expiresAt };
  }

  /** The article a token opens and when the link ends; undefined when it is unknown, revoked or expired. */
  async opened(token: string): Promise<{ articleId: number; expiresAt: number } | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const link = await repo.findLiveLink(this.db, hashOf(token), this.now());
    return link && { articleId: link.article_id, expiresAt: link.expires_at };
  }

  /** The article's links that still work (the newsroom lists them, each revocable). */
  live(articleId: number): Promise<repo.PreviewLinkRow[]> {
    return repo.listLiveLinks(this.db, articleId, this.now());
  }

  /** Ends a link at once; `tokenHash` names it, as the newsroom's list does. */
  async revoke(articleId: number, tokenHash: string, user: SessionUser): Promise<void> {
    await this.articleFor(user, articleId);
    const gone = 'This preview link no longer exists.';
    if (!HASH_PATTERN.test(tokenHash)) throw new NotFoundError(gone);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.deletePreviewLink(trx, articleId, tokenHash))) throw new NotFoundError(gone);
      await this.audit.record(
        { userId: user.id, action: 'article.preview-link.revoke', subject: `article:${articleId}` },
        trx,
      );
    });
  }

  /** Links are shared by those who may open the article in the newsroom, as the routes check too. */
  private async articleFor(user: SessionUser, articleId: number): Promise<void> {
    const article = await findArticleById(this.db, articleId);
    if (!article) throw new NotFoundError('No such article.');
    if (!canSee(user, article)) throw new ForbiddenError('You can only share your own articles.');
  }
}
