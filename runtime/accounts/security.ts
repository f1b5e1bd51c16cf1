import type { NacreConfig } from '../../config/schema.ts';
import type { ConsoleSecurity } from '../console/access.ts';
import type { Logger } from '../core/log.ts';
import { consoleAuthenticator } from '../security/password-auth.ts';
import { AuditLog } from './audit.ts';
import { Sessions } from './sessions.ts';
import { AccountStore } from './store.ts';

/** The console's accounts, sessions, login guard and audit log, for one exhibit's state folder. */
export function buildConsoleSecurity(config: NacreConfig, password: string, log: Logger): ConsoleSecurity {
  const accounts = new AccountStore(config.stateDir);
  const audit = new AuditLog(config.stateDir, log.child({ ns: 'audit' }));
  const auth = consoleAuthenticator(password, accounts, audit, log.child({ ns: 'login' }));
  return { auth, accounts, audit, sessions: new Sessions(config.console.sessionHours) };
}
