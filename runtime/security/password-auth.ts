import type { Logger } from '../core/log.ts';
import type { AuditLog } from '../accounts/audit.ts';
import type { AccountStore } from '../accounts/store.ts';
import { passwordMatches } from '../console/password.ts';
import { Authenticator, DEFAULT_USER, type Principal } from './authenticator.ts';
import type { LoginLimits } from './login-guard.ts';

/**
 * The first admin is "admin" with the console password (config, NACRE_CONSOLE_PASSWORD or the one generated
 * at the first start); every other account is in the account store. Lockouts go to the audit log.
 */
export function consoleAuthenticator(
  password: string,
  accounts: AccountStore,
  audit: AuditLog,
  log: Logger,
  limits?: LoginLimits,
): Authenticator {
  const verify = async (user: string, given: string): Promise<Principal | undefined> =>
    user === DEFAULT_USER
      ? passwordMatches(password, given)
        ? { user, role: 'admin' }
        : undefined
      : accounts.verify(user, given);
  return new Authenticator(verify, log, limits, (n) =>
    audit.record({
      user: 'system',
      action: 'login locked out',
      detail: `${n.key} ${n.value} after ${n.attempts} attempts; later attempts wait longer`,
    }),
  );
}
