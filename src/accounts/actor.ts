import type { SessionUser } from './accounts.service.ts';

/**
 * Who performs an action. Every service method that changes something takes one explicitly:
 * a signed-in user (from a session or an API token, resolved by accounts/auth.ts for the route
 * that matched), or a named system actor. A system actor exists only where code creates one by
 * name (the scheduler, the CLI, seeding, tests); nothing a request carries can become one, since
 * the mark is a symbol private to this module.
 */
const SYSTEM = Symbol('dateline.system-actor');

export interface SystemActor {
  readonly [SYSTEM]: true;
  /** What acts: 'scheduler', 'cli', 'seed', ... (shown in the audit log). */
  readonly name: string;
}

export type Actor = SessionUser | SystemActor;

export function systemActor(name: string): SystemActor {
  return Object.freeze({ [SYSTEM]: true as const, name });
}

export function isSystem(actor: Actor): actor is SystemActor {
  return (actor as Partial<SystemActor>)[SYSTEM] === true;
}

/** A user actor, or undefined for the system. */
export function userOf(actor: Actor): SessionUser | undefined {
  return isSystem(actor) ? undefined : actor;
}

/** The user id to record (null for the system). */
export function actorId(actor: Actor): number | null {
  return isSystem(actor) ? null : actor.id;
}

/**
 * Fails loudly when a caller passes no actor at all (JavaScript callers, or an `as` cast): a
 * missing actor must never mean "trusted".
 */
export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor || typeof actor !== 'object' || (!isSystem(actor) && typeof actor.id !== 'number')) {
    throw new Error('No actor given: every change needs a user or a named system actor.');
  }
  return actor;
}

/** Audit fields for an actor: the user's id, or the system actor's name in the details. */
export function auditBy(actor: Actor): { userId: number | null; by?: string } {
  return isSystem(actor) ? { userId: null, by: actor.name } : { userId: actor.id };
}
