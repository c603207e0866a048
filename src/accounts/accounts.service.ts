import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { ROLES, type Role } from '../core/db/schema.ts';
import { fieldErrors, NotFoundError, ValidationError } from '../core/errors.ts';
import { LoginService } from './accounts.login.ts';
import { type Actor, auditBy, requireActor } from './actor.ts';
import {
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './password.ts';
import { type SessionUser, sha256, toSessionUser } from './session-user.ts';
import * as sessions from './sessions.repository.ts';
import * as users from './users.repository.ts';

export { LOCKOUT_MS, LOGIN_FAILED_MESSAGE, LoginError, MAX_FAILED_LOGINS } from './accounts.login.ts';
export { type SessionUser, sha256 };

export const SESSION_TTL_MS = 12 * 3600_000;

export interface LiveSession {
  user: SessionUser;
  idHash: string;
  csrfToken: string;
}

const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+$/;

const newUserSchema = z.object({
  // Loose on purpose: newsrooms run on intranet hosts (admin@localhost) as well as public domains.
  email: z
    .string()
    .trim()
    .max(254)
    .regex(EMAIL, 'Not an email address')
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).optional(),
  authorId: z.number().int().positive().nullable().optional(),
});

export class AccountService {
  private readonly login: LoginService;
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {
    this.login = new LoginService(db, audit, now);
  }

  /** Creates a user; with no password given, one is generated and returned once. */
  async createUser(input: z.input<typeof newUserSchema>, actor: Actor) {
    const by = auditBy(requireActor(actor));
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError('The user is not valid.', fieldErrors(parsed.error));
    }
    const u = parsed.data;
    if (await users.findUserByEmail(this.db, u.email)) {
      throw new ValidationError('A user with this email exists.', { email: 'Already in use' });
    }
    const password = u.password ?? generatePassword();
    const id = await users.insertUser(this.db, {
      email: u.email,
      name: u.name,
      role: u.role,
      password_hash: await hashPassword(password),
      author_id: u.authorId ?? null,
      // A password someone else was shown is theirs to replace before anything else.
      must_change_password: u.password ? 0 : 1,
      now: this.now(),
    });
    await this.audit.record({
      userId: by.userId,
      action: 'user.create',
      subject: `user:${id}`,
      details: { role: u.role, ...(by.by ? { by: by.by } : {}) },
    });
    return { id, email: u.email, password: u.password ? undefined : password };
  }

  /** Checks a password, with throttling per email and address (see LoginService.authenticate). */
  authenticate(email: string, password: string, ip: string | null): Promise<SessionUser> {
    return this.login.authenticate(email, password, ip);
  }

  /** A new session with a new id: any session the browser had before is ended (no fixation). */
  async startSession(
    userId: number,
    previousCookie?: string,
  ): Promise<{ cookie: string; csrfToken: string }> {
    if (previousCookie) await sessions.deleteSession(this.db, sha256(previousCookie));
    const cookie = token();
    const csrfToken = token(24);
    const now = this.now();
    await sessions.insertSession(this.db, {
      id_hash: sha256(cookie),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: now + SESSION_TTL_MS,
    });
    return { cookie, csrfToken };
  }

  async resolveSession(cookie: string | undefined): Promise<LiveSession | null> {
    if (!cookie || cookie.length > 100) return null;
    const s = await sessions.findLiveSession(this.db, sha256(cookie), this.now());
    return s ? { user: toSessionUser(s), idHash: s.id_hash, csrfToken: s.csrf_token } : null;
  }

  async endSession(cookie: string | undefined): Promise<void> {
    if (cookie && cookie.length <= 100) await sessions.deleteSession(this.db, sha256(cookie));
  }

  async resolveApiToken(raw: string | undefined): Promise<SessionUser | null> {
    if (!raw || raw.length > 200) return null;
    const t = await sessions.findLiveApiToken(this.db, sha256(raw));
    return t ? toSessionUser(t) : null;
  }

  async createApiToken(userId: number, name: string): Promise<{ id: number; token: string }> {
    const clean = name.trim().slice(0, 100);
    if (!clean) throw new ValidationError('Give the token a name.', { name: 'Required' });
    const raw = `dl_${token()}`;
    const id = await sessions.insertApiToken(this.db, {
      user_id: userId,
      name: clean,
      token_hash: sha256(raw),
      created_at: this.now(),
    });
    await this.audit.record({ userId, action: 'token.create', subject: `token:${id}` });
    return { id, token: raw };
  }

  /** The user's API tokens, newest first, revoked ones included (the account page lists them). */
  listApiTokens(userId: number) {
    return sessions.listApiTokens(this.db, userId);
  }

  /** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
  revokeApiToken(userId: number, tokenId: number): Promise<boolean> {
    return sessions.revokeApiToken(this.db, userId, tokenId, this.now());
  }

  /**
   * Changes the password and ends every other way in: the user's other sessions end and every API
   * token is revoked (whoever knew the old password may have made one). The session that made the
   * change, named by its cookie, stays.
   */
  async changePassword(userId: number, current: string, next: string, keepCookie?: string): Promise<void> {
    const user = await users.findUserById(this.db, userId);
    if (!user) throw new NotFoundError();
    if (!(await verifyPassword(user.password_hash, current))) {
      throw new ValidationError('The current password is not right.', { current: 'Wrong password' });
    }
    if (next.length < MIN_PASSWORD_LENGTH || next.length > MAX_PASSWORD_LENGTH) {
      throw new ValidationError(
        `The new password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
        {
          next: 'Too short or too long',
        },
      );
    }
    const hash = await hashPassword(next);
    const now = this.now();
    const keep = keepCookie && keepCookie.length <= 100 ? sha256(keepCookie) : undefined;
    await this.db.transaction().execute(async (trx) => {
      await users.updateUser(trx, userId, { password_hash: hash, must_change_password: 0, updated_at: now });
      await sessions.deleteUserSessions(trx, userId, keep);
      await sessions.revokeUserApiTokens(trx, userId, now);
    });
    await this.audit.record({ userId, action: 'user.password', subject: `user:${userId}` });
  }

  /**
   * A new one-time password for a user who cannot log in (the CLI's `user reset-password`): their
   * sessions end, their tokens are revoked, and they must choose their own at the next login.
   */
  async resetPassword(email: string, actor: Actor): Promise<{ id: number; password: string }> {
    const by = auditBy(requireActor(actor));
    const user = await users.findUserByEmail(this.db, email.trim().toLowerCase());
    if (!user) throw new ValidationError('No user has this email.', { email: 'Unknown' });
    const password = generatePassword();
    const hash = await hashPassword(password);
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      await users.updateUser(trx, user.id, { password_hash: hash, must_change_password: 1, updated_at: now });
      await sessions.deleteUserSessions(trx, user.id);
      await sessions.revokeUserApiTokens(trx, user.id, now);
    });
    await this.audit.record({
      userId: by.userId,
      action: 'user.password-reset',
      subject: `user:${user.id}`,
      ...(by.by ? { details: { by: by.by } } : {}),
    });
    return { id: user.id, password };
  }

  /**
   * Links an account to its author profile (null: unlinks it), so new articles carry their byline.
   * A profile is one person's: one already linked to another account is refused.
   */
  async linkAuthor(actorId: number, userId: number, authorId: number | null): Promise<void> {
    const user = await users.findUserById(this.db, userId);
    if (!user) throw new NotFoundError();
    if (authorId !== null) {
      const holder = await users.findUserByAuthor(this.db, authorId);
      if (holder === undefined && !(await users.authorExists(this.db, authorId)))
        throw new ValidationError('There is no such author profile.', { author: 'No such profile' });
      if (holder && holder.id !== userId) {
        const message = `That profile is already the byline of ${holder.name}.`;
        throw new ValidationError(message, { author: message });
      }
    }
    await users.updateUser(this.db, userId, { author_id: authorId, updated_at: this.now() });
    await this.audit.record({
      userId: actorId,
      action: 'user.author',
      subject: `user:${userId}`,
      details: { from: user.author_id, to: authorId },
    });
  }

  /** Disabling ends every session of the user at once and revokes their API tokens. */
  async setDisabled(actorId: number, userId: number, disabled: boolean): Promise<void> {
    if (actorId === userId && disabled) throw new ValidationError('You cannot disable yourself.');
    const user = await users.findUserById(this.db, userId);
    if (!user) throw new NotFoundError();
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      await users.updateUser(trx, userId, { disabled: disabled ? 1 : 0, updated_at: now });
      // Revoked, not just unusable while disabled: re-enabling the user must revive no token.
      if (disabled) {
        await sessions.deleteUserSessions(trx, userId);
        await sessions.revokeUserApiTokens(trx, userId, now);
      }
    });
    await this.audit.record({
      userId: actorId,
      action: disabled ? 'user.disable' : 'user.enable',
      subject: `user:${userId}`,
    });
  }

  async setRole(actorId: number, userId: number, role: Role): Promise<void> {
    if (!ROLES.includes(role)) throw new ValidationError('Unknown role.');
    if (actorId === userId) throw new ValidationError('You cannot change your own role.');
    const user = await users.findUserById(this.db, userId);
    if (!user) throw new NotFoundError();
    await users.updateUser(this.db, userId, { role, updated_at: this.now() });
    await this.audit.record({
      userId: actorId,
      action: 'user.role',
      subject: `user:${userId}`,
      details: { from: user.role, to: role },
    });
  }

  listUsers() {
    return users.listUsers(this.db);
  }

  countUsers() {
    return users.countUsers(this.db);
  }
}
