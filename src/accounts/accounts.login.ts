import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import * as throttle from './login-throttle.repository.ts';
import { MAX_PASSWORD_LENGTH, verifyPassword } from './password.ts';
import { type SessionUser, sha256, toSessionUser } from './session-user.ts';
import * as users from './users.repository.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

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

/** Password logins and their throttling; AccountService.authenticate hands over to it. */
export class LoginService {
  private lastPrune = 0;
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

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
    await this.recordFailure(key, now, email, user?.id, ip);
    throw new LoginError();
  }

  /** Counts a failed attempt for the (email, address) key, locking the key at the limit. */
  private async recordFailure(
    key: string,
    now: number,
    email: string,
    userId: number | undefined,
    ip: string | null,
  ): Promise<void> {
    const failures = await throttle.recordFailure(this.db, key, now, LOCKOUT_MS);
    if (userId !== undefined) await users.recordFailedLogin(this.db, userId);
    const subject = userId !== undefined ? `user:${userId}` : null;
    if (failures >= MAX_FAILED_LOGINS) {
      await throttle.lock(this.db, key, now + LOCKOUT_MS);
      await this.audit.record({
        userId: userId ?? null,
        action: 'login.lockout',
        subject,
        details: { email },
        ip,
      });
    }
    await this.audit.record({
      userId: userId ?? null,
      action: 'login.failed',
      subject,
      details: { email },
      ip,
    });
    if (now - this.lastPrune > LOCKOUT_MS) {
      this.lastPrune = now;
      await throttle.prune(this.db, now - LOCKOUT_MS);
    }
  }
}
