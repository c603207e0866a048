import { createHash } from 'node:crypto';
import type { Role } from '../core/db/schema.ts';

/** The signed-in user as requests, pages and services see them. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
}

export function toSessionUser(r: {
  id: number;
  email: string;
  name: string;
  role: Role;
  author_id: number | null;
}): SessionUser {
  return { id: r.id, email: r.email, name: r.name, role: r.role, authorId: r.author_id };
}

/** Secrets (session cookies, API tokens, throttle keys) are stored only as this hash. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
