import type { Socket } from 'socket.io';
import { PASSWORD_MIN_LENGTH } from '../../config/schema.ts';
import { may } from '../accounts/roles.ts';
import { AccountError, ROLES } from '../accounts/store.ts';
import type { Role } from '../security/authenticator.ts';
import { DEFAULT_USER } from '../security/authenticator.ts';
import { allowed, sessionOf, type ConsoleSecurity } from './access.ts';
import type { AccountsAck, ConsoleToServer, ServerToConsole } from './protocol.ts';

type Ack = (a: AccountsAck) => void;
type ConsoleSocket = Socket<ConsoleToServer, ServerToConsole>;

const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r);
const reply = (ack: unknown): Ack => (typeof ack === 'function' ? (ack as Ack) : () => undefined);

/**
 * The admin's events: the accounts beside the first admin (listed, added or changed, a new role, removed).
 * The first admin ("admin", the console password) is not one of them, so an admin always remains. Changing or
 * removing your own account asks for `confirm`; whoever an account change touches is logged out at once.
 */
export function adminEvents(socket: ConsoleSocket, security: ConsoleSecurity): void {
  const { accounts, audit } = security;
  const run = (ack: unknown, work: () => Promise<AccountsAck['accounts'] | void>) =>
    work().then(
      (accounts) => reply(ack)({ ok: true, ...(accounts ? { accounts, passwordMinLength: PASSWORD_MIN_LENGTH } : {}) }),
      (err: Error) => reply(ack)({ ok: false, error: err instanceof AccountError ? err.message : 'failed' }),
    );
  const self = (name: string, confirm: unknown, ack: unknown) => {
    if (name !== sessionOf(socket).user || confirm === true) return false;
    reply(ack)({ ok: false, confirm: true, error: `this is your own account: confirm to change "${name}"` });
    return true;
  };

  socket.on('accounts:list', (ack) => {
    if (!allowed(socket, audit, 'administer', 'list accounts', undefined, ack)) return;
    void run(ack, () => accounts.list());
  });
  socket.on('accounts:set', (a, ack) => {
    const { name, role, password, confirm } = (a ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !isRole(role) || typeof password !== 'string' || name === DEFAULT_USER)
      return reply(ack)({
        ok: false,
        error: `give a name (not "${DEFAULT_USER}"), a role (${ROLES.join(', ')}) and a password`,
      });
    if (self(name, confirm, ack) || !allowed(socket, audit, 'administer', 'set account', `${name} (${role})`, ack))
      return;
    void run(ack, async () => {
      await accounts.set(name, role, password);
      changed(socket, security, name);
    });
  });
  socket.on('accounts:role', (a, ack) => {
    const { name, role, confirm } = (a ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !isRole(role)) return reply(ack)({ ok: false, error: 'give a name and a role' });
    if (self(name, confirm, ack) || !allowed(socket, audit, 'administer', 'change role', `${name} (${role})`, ack))
      return;
    void run(ack, async () => {
      await accounts.setRole(name, role);
      changed(socket, security, name);
    });
  });
  socket.on('accounts:remove', (a, ack) => {
    // the name alone, or { name, confirm } for your own account
    const { name, confirm } = (typeof a === 'object' && a ? a : { name: a }) as Record<string, unknown>;
    if (typeof name !== 'string') return reply(ack)({ ok: false, error: 'give the name' });
    if (self(name, confirm, ack) || !allowed(socket, audit, 'administer', 'remove account', name, ack)) return;
    void run(ack, async () => {
      if (!(await accounts.remove(name))) throw new AccountError(`no account "${name}"`);
      changed(socket, security, name);
    });
  });
}

/**
 * After a change: the account's sessions end and its open consoles are let go (they log in again, with what is
 * now true); the other admins' consoles are told to list the accounts again.
 */
function changed(from: ConsoleSocket, security: ConsoleSecurity, name: string): void {
  security.sessions.endAll(name);
  for (const s of from.nsp.sockets.values()) {
    const { user, role } = sessionOf(s);
    if (user === name) {
      s.emit('expired');
      s.disconnect(true);
    } else if (may(role, 'administer')) s.emit('accounts:changed');
  }
}
