import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { ROLES, type Role } from '../core/db/schema.ts';
import { AppError, NotFoundError, ValidationError } from '../core/errors.ts';
import { type Actor, auditBy, requireActor } from './actor.ts';
import * as throttle from './login-throttle.repository.ts';
import {
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './password.ts';
import * as sessions from './sessions.repository.ts';
import * as users from './users.repository.ts';

export const SESSION_TTL_MS = 12 * 3600_000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
}

export interface LiveSession {
  user: SessionUser;
  idHash: string;
  csrfToken: string;
}

/** The one answer to every failed login (see authenticate). */
export const LOGIN_FAILED_MESSAGE =
  'The email or password is not right. After five failed attempts from one address, that email cannot be tried from it for 15 minutes.';

// A real argon2id hash of a random password: checking against it costs what a real check costs.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class LoginError extends AppError {
  constructor(message = LOGIN_FAILED_MESSAGE) {
    super('login_failed', 401, message);
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
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

function toSessionUser(r: {
  id: number;
  email: string;
  name: string;
  role: Role;
  author_id: number | null;
}): SessionUser {
  return { id: r.id, email: r.email, name: r.name, role: r.role, authorId: r.author_id };
}

export class AccountService {
  private lastPrune = 0;
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a user; with no password given, one is generated and returned once. */
  async createUser(input: z.input<typeof newUserSchema>, actor: Actor) {
    const by = auditBy(requireActor(actor));
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(
        'The user is not valid.',
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])),
      );
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

  /**
   * Checks a password. Failures are counted per email and address together: after
   * MAX_FAILED_LOGINS in LOCKOUT_MS from one address, that address may not try that email until
   * LOCKOUT_MS has passed. The owner can still log in from any other address, so nobody can lock an
   * account's owner out from afar; the login route's per-address rate limit bounds password
   * spraying across accounts. Every failure (unknown email, wrong password, disabled account,
   * throttled address) gives the same message and costs the same single password hash, so neither
   * the words nor the timing tell whether an email exists or is locked.
   */
  async authenticate(emailRaw: string, password: string, ip: string | null): Promise<SessionUser> {
    const email = emailRaw.trim().toLowerCase().slice(0, 320);
    const now = this.now();
    const key = sha256(`${email}\n${ip ?? ''}`);
    const throttled = (await throttle.lockedUntil(this.db, key, now)) !== null;
    const user = !throttled && email.length <= 254 ? await users.findUserByEmail(this.db, email) : undefined;
    const tooLong = password.length > MAX_PASSWORD_LENGTH;
    // Exactly one hash check on every path: against the user's hash, or a dummy of the same cost.
    const matches = await verifyPassword(
      user && !tooLong ? user.password_hash : DUMMY_HASH,
      tooLong ? '' : password,
    );
    if (user && matches && !user.disabled) {
      await throttle.clear(this.db, key);
      await users.updateUser(this.db, user.id, { failed_logins: 0, updated_at: now });
      await this.audit.record({ userId: user.id, action: 'login', subject: `user:${user.id}`, ip });
      return toSessionUser(user);
    }
    if (throttled) {
      await this.audit.record({ userId: null, action: 'login.throttled', details: { email }, ip });
      throw new LoginError();
    }
    const failures = await throttle.recordFailure(this.db, key, now, LOCKOUT_MS);
    if (user) await users.recordFailedLogin(this.db, user.id);
    if (failures >= MAX_FAILED_LOGINS) {
      await throttle.lock(this.db, key, now + LOCKOUT_MS);
      await this.audit.record({
        userId: user?.id ?? null,
        action: 'login.lockout',
        subject: user ? `user:${user.id}` : null,
        details: { email },
        ip,
      });
    }
    await this.audit.record({
      userId: user?.id ?? null,
      action: 'login.failed',
      subject: user ? `user:${user.id}` : null,
      details: { email },
      ip,
    });
    if (now - this.lastPrune > LOCKOUT_MS) {
      this.lastPrune = now;
      await throttle.prune(this.db, now - LOCKOUT_MS);
    }
    throw new LoginError();
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
      await users.updateUser(trx, userId, { password_hash: hash, updated_at: now });
      await sessions.deleteUserSessions(trx, userId, keep);
      await sessions.revokeUserApiTokens(trx, userId, now);
    });
    await this.audit.record({ userId, action: 'user.password', subject: `user:${userId}` });
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
