import type { Logger } from '../core/log.ts';
import { passwordMatches } from '../console/password.ts';
import { Authenticator, DEFAULT_USER } from './authenticator.ts';
import type { LoginLimits } from './login-guard.ts';

/** The console's one password, as the admin account. */
export function passwordAuthenticator(password: string, log: Logger, limits?: LoginLimits): Authenticator {
  const verify = (user: string, given: string) =>
    Promise.resolve(
      user === DEFAULT_USER && passwordMatches(password, given) ? { user, role: 'admin' as const } : undefined,
    );
  return new Authenticator(verify, log, limits);
}
