import type { Socket } from 'socket.io';
import type { AuditLog } from '../accounts/audit.ts';
import { may, type Action } from '../accounts/roles.ts';
import type { ConsoleSession, Sessions } from '../accounts/sessions.ts';
import type { AccountStore } from '../accounts/store.ts';
import { loginError, type Authenticator, type Role } from '../security/authenticator.ts';

/** What the console checks logins and roles with, and where it records who did what. */
export interface ConsoleSecurity {
  auth: Authenticator;
  sessions: Sessions;
  audit: AuditLog;
  accounts: AccountStore;
}

type Next = (err?: Error) => void;
/** the part of a socket these read: its handshake and its data */
type Client = Pick<Socket, 'handshake' | 'data'>;

/**
 * The /console login: a session token (what the page reconnects with), else a name and password through the
 * login guard, which opens a session. The session rides on socket.data.
 */
export function consoleLogin(security: ConsoleSecurity): (socket: Client, next: Next) => void {
  return (socket, next) => {
    const given = (socket.handshake.auth ?? {}) as { user?: unknown; password?: unknown; token?: unknown };
    const session = security.sessions.find(given.token);
    if (session) {
      socket.data.session = session;
      return next();
    }
    if (given.token !== undefined && given.password === undefined) return next(new Error('expired'));
    const address = socket.handshake.address;
    security.auth.login(address, given.user, given.password).then((result) => {
      if (!result.ok) return next(loginError(result));
      socket.data.session = security.sessions.open(result.principal);
      security.audit.record({ ...result.principal, address, action: 'login' });
      next();
    }, next);
  };
}

/** what a role that may not do `what` is answered: "a viewer may not instruct" */
export function refusal(role: Role, what: string): { ok: false; error: string } {
  return { ok: false, error: `${role === 'viewer' ? 'a' : 'an'} ${role} may not ${what}` };
}

export function sessionOf(socket: Client): ConsoleSession {
  return socket.data.session as ConsoleSession;
}

/**
 * Whether this socket's role may do `action`; if it may, the deed is written to the audit log (who, what,
 * from where). A refusal is answered through `ack` when the event has one.
 */
export function allowed(
  socket: Client,
  audit: AuditLog,
  action: Action,
  what: string,
  detail?: string,
  ack?: unknown,
): boolean {
  const { user, role } = sessionOf(socket);
  if (!may(role, action)) {
    if (typeof ack === 'function') ack(refusal(role, what));
    return false;
  }
  audit.record({ user, role, address: socket.handshake.address, action: what, ...(detail ? { detail } : {}) });
  return true;
}
