import type { Role } from '../core/db/schema.ts';

/**
 * What each role may do. Every newsroom and admin-API route names one of these; a route that names
 * none is refused (see accounts/auth.ts). Ownership rules (reporters edit only their own unpublished
 * work) are checked on the article itself, in the service.
 */
export const PERMISSIONS = {
  'newsroom.use': ['admin', 'editor', 'reporter', 'contributor'],
  'article.write': ['admin', 'editor', 'reporter', 'contributor'],
  'article.edit-any': ['admin', 'editor'],
  'article.publish': ['admin', 'editor'],
  'home.curate': ['admin', 'editor'],
  'taxonomy.manage': ['admin', 'editor'],
  /** Author profiles (bylines): staff and outside contributors. */
  'authors.manage': ['admin', 'editor'],
  'media.upload': ['admin', 'editor', 'reporter', 'contributor'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
