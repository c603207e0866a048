import { can } from '../accounts/permissions.ts';
import type { ArticleRow, ArticleStatus, Role } from '../core/db/schema.ts';
import { ValidationError } from '../core/errors.ts';

/**
 * The article workflow in one place: who sees and edits an article, and which moves each role may
 * make from each status. Pure, so the service enforces exactly what the editor offers as buttons.
 */

export const TRANSITIONS = ['submit', 'publish', 'schedule', 'unpublish', 'return'] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** A newsroom user, as far as the rules look at them. */
export interface WorkflowUser {
  id: number;
  role: Role;
}

export type WorkflowArticle = Pick<ArticleRow, 'status' | 'created_by'>;

/** The statuses each move starts from: draft -> in review -> scheduled or published -> unpublished. */
const FROM: Record<Transition, readonly ArticleStatus[]> = {
  submit: ['draft'],
  return: ['in_review', 'scheduled'],
  publish: ['draft', 'in_review', 'scheduled', 'unpublished'],
  schedule: ['draft', 'in_review', 'scheduled', 'unpublished'],
  unpublish: ['published'],
};

// Once submitted, an article is with the editors; they can return it to draft for more work.
const EDITABLE_BY_OWNER: readonly ArticleStatus[] = ['draft'];

/** Reporters and contributors see only their own work in the newsroom and the API. */
export function canSee(user: WorkflowUser, article: Pick<ArticleRow, 'created_by'>): boolean {
  return can(user.role, 'article.edit-any') || article.created_by === user.id;
}

export function canEdit(user: WorkflowUser, article: WorkflowArticle): boolean {
  if (can(user.role, 'article.edit-any')) return true;
  return article.created_by === user.id && EDITABLE_BY_OWNER.includes(article.status);
}

/** Why the user may not change the article's content (the message of a 403), or undefined if they may. */
export function editRefusal(user: WorkflowUser, article: WorkflowArticle): string | undefined {
  if (can(user.role, 'article.write') && canEdit(user, article)) return undefined;
  return article.created_by === user.id
    ? 'This article is out of your hands now: only an editor can change it.'
    : 'You can only edit your own articles.';
}

/** A refused move: not this user's to make (403), or not from this status (409). */
export interface TransitionRefusal {
  kind: 'forbidden' | 'conflict';
  message: string;
}

/**
 * Why `action` is refused, or undefined when it is allowed. Without a user (the scheduler, scripts)
 * only the status rule applies. The user is checked first, so a reporter learns they may not
 * publish rather than that the article is in the wrong state.
 */
export function transitionRefusal(
  action: Transition,
  article: WorkflowArticle,
  user?: WorkflowUser,
): TransitionRefusal | undefined {
  if (user) {
    // Submitting hands over one's own draft; every other move is an editor's decision.
    const refused =
      action === 'submit'
        ? editRefusal(user, article)
        : can(user.role, 'article.publish')
          ? undefined
          : 'Only editors can do this.';
    if (refused) return { kind: 'forbidden', message: refused };
  }
  if (!FROM[action].includes(article.status)) {
    return {
      kind: 'conflict',
      message: `A ${article.status.replace('_', ' ')} article cannot be given "${action}".`,
    };
  }
  return undefined;
}

export function canTransition(user: WorkflowUser, article: WorkflowArticle, action: Transition): boolean {
  return transitionRefusal(action, article, user) === undefined;
}

/** The moves the user may make on the article now, in the order of TRANSITIONS. */
export function availableTransitions(user: WorkflowUser, article: WorkflowArticle): Transition[] {
  return TRANSITIONS.filter((action) => canTransition(user, article, action));
}

/** The status fields a move writes. */
export interface StatusPatch {
  status: ArticleStatus;
  published_at?: number | null;
  scheduled_at?: number | null;
  updated_at: number;
}

/** What an allowed move writes at `now`; `at` is the time a schedule names, refused unless in the future. */
export function statusPatch(
  action: Transition,
  article: Pick<ArticleRow, 'published_at'>,
  now: number,
  at?: number,
): StatusPatch {
  if (action === 'submit') return { status: 'in_review', updated_at: now };
  if (action === 'return') return { status: 'draft', scheduled_at: null, updated_at: now };
  if (action === 'unpublish') return { status: 'unpublished', updated_at: now };
  if (action === 'schedule') {
    if (!at || !Number.isFinite(at) || at <= now) {
      throw new ValidationError('Choose a time in the future.', { at: 'Must be in the future' });
    }
    return { status: 'scheduled', scheduled_at: at, updated_at: now };
  }
  // The first publish time is kept for ever; republishing after an unpublish keeps it too.
  return {
    status: 'published',
    published_at: article.published_at ?? now,
    scheduled_at: null,
    updated_at: now,
  };
}
