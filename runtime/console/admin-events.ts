import type { Socket } from 'socket.io';
import { AccountError, ROLES } from '../accounts/store.ts';
import type { Role } from '../security/authenticator.ts';
import { DEFAULT_USER } from '../security/authenticator.ts';
import { allowed, type ConsoleSecurity } from './access.ts';
import type { AccountsAck, ConsoleToServer, ServerToConsole } from './protocol.ts';

type Ack = (a: AccountsAck) => void;

const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r);

/** The admin's events: the accounts beside the first admin (listed, added or changed, removed). */
export function adminEvents(socket: Socket<ConsoleToServer, ServerToConsole>, security: ConsoleSecurity): void {
  const { accounts, audit, sessions } = security;
  const reply = (ack: unknown): Ack => (typeof ack === 'function' ? (ack as Ack) : () => undefined);
  const run = (ack: unknown, work: () => Promise<AccountsAck['accounts'] | void>) =>
    work().then(
      (accounts) => reply(ack)({ ok: true, ...(accounts ? { accounts } : {}) }),
      (err: Error) => reply(ack)({ ok: false, error: err instanceof AccountError ? err.message : 'failed' }),
    );

  socket.on('accounts:list', (ack) => {
    if (!allowed(socket, audit, 'administer', 'list accounts', undefined, ack)) return;
    void run(ack, () => accounts.list());
  });
  socket.on('accounts:set', (a, ack) => {
    const { name, role, password } = (a ?? {}) as { name?: unknown; role?: unknown; password?: unknown };
    if (typeof name !== 'string' || !isRole(role) || typeof password !== 'string' || name === DEFAULT_USER)
      return reply(ack)({
        ok: false,
        error: `give a name (not "${DEFAULT_USER}"), a role (${ROLES.join(', ')}) and a password`,
      });
    if (!allowed(socket, audit, 'administer', 'set account', `${name} (${role})`, ack)) return;
    void run(ack, async () => {
      await accounts.set(name, role, password);
      sessions.endAll(name);
    });
  });
  socket.on('accounts:remove', (name, ack) => {
    if (typeof name !== 'string') return reply(ack)({ ok: false, error: 'give the name' });
    if (!allowed(socket, audit, 'administer', 'remove account', name, ack)) return;
    void run(ack, async () => {
      if (!(await accounts.remove(name))) throw new AccountError(`no account "${name}"`);
      sessions.endAll(name);
    });
  });
}
