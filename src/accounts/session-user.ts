import { createHash } from 'node:crypto';
import type { Role } from '../core/db/schema.ts';

/** The signed-in user as requests, pages and services see them. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
  /** Signed in with a one-time password: only the password change is open until they choose their own. */
  mustChangePassword?: boolean;
}

export function toSessionUser(r: {
  id: number;
  email: string;
  name: string;
  role: Role;
  author_id: number | null;
  must_change_password?: number;
}): SessionUser {
  const user: SessionUser = { id: r.id, email: r.email, name: r.name, role: r.role, authorId: r.author_id };
  return r.must_change_password ? { ...user, mustChangePassword: true } : user;
}

/** Secrets (session cookies, API tokens, throttle keys) are stored only as this hash. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
