// @ts-check
// The console's accounts panel, for admins only: the accounts with their roles, add one, change a role, set a
// new password, remove one. The server checks everything again (admin only, audited); changing your own
// account asks you to confirm first.
/** @typedef {import('../protocol.ts').ServerToConsole} ServerToConsole */
/** @typedef {import('../protocol.ts').ConsoleToServer} ConsoleToServer */
/** @typedef {import('../protocol.ts').AccountsAck} AccountsAck */
/** @typedef {NonNullable<AccountsAck['accounts']>[number]} Account */
/** @typedef {import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} ConsoleSocket */
/** @typedef {(confirm: boolean, ack: (a: AccountsAck) => void) => void} Change */

const ROLES = ['admin', 'operator', 'viewer'];

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<HTMLElementTagNameMap[K]>} [props]
 * @param {(Node | string)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function make(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

/** @param {ConsoleSocket} socket */
export function attachAccounts(socket) {
  const panel = new AccountsPanel(socket);
  socket.on('session', (s) => panel.loggedIn(s.user, s.role));
  socket.on('accounts:changed', () => !panel.el.hidden && panel.refresh());
}

class AccountsPanel {
  /** @param {ConsoleSocket} socket */
  constructor(socket) {
    this.socket = socket;
    this.el = byId('accounts-panel');
    this.error = byId('accounts-error');
    this.me = '';
    const form = /** @type {HTMLFormElement} */ (byId('account-form'));
    // a property, not a listener: each login makes a new panel, and only the newest answers
    form.onsubmit = (e) => {
      e.preventDefault();
      const field = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id));
      const account = {
        name: field('account-name').value.trim(),
        role: field('account-role').value,
        password: field('account-password').value,
      };
      socket.emit('accounts:set', account, (a) => {
        this.show(a);
        if (a.ok) form.reset();
        this.refresh();
      });
    };
  }

  /** @param {string} user @param {string} role */
  loggedIn(user, role) {
    this.me = user;
    this.el.hidden = role !== 'admin';
    if (!this.el.hidden) this.refresh();
  }

  /** the list again; the last change's answer stays on show */
  refresh() {
    this.socket.emit('accounts:list', (a) => (a.ok ? this.list(a) : (this.error.textContent = a.error ?? 'refused')));
  }

  /** a change's answer, and the list where it has one @param {AccountsAck} a */
  show(a) {
    this.error.textContent = a.ok ? '' : (a.error ?? 'refused');
    this.list(a);
  }

  /** @param {AccountsAck} a */
  list(a) {
    if (a.passwordMinLength)
      for (const input of this.el.querySelectorAll('input[type=password]'))
        input.setAttribute('minlength', String(a.passwordMinLength));
    if (a.accounts) byId('accounts').replaceChildren(...a.accounts.map((account) => this.row(account)));
  }

  /**
   * sent once; where the server says it is your own account, sent again only if you confirm
   * @param {Change} send
   */
  change(send) {
    const done = (/** @type {AccountsAck} */ a) => {
      this.show(a);
      this.refresh();
    };
    send(false, (a) => {
      if (a.confirm && confirm(a.error ?? 'Change your own account?')) send(true, done);
      else done(a);
    });
  }

  /** @param {Account} account */
  row(account) {
    const { socket } = this;
    const name = account.name;
    const role = make('select', { className: 'account-role', title: 'change the role' });
    role.append(...ROLES.map((r) => make('option', { value: r, textContent: r, selected: r === account.role })));
    role.onchange = () =>
      this.change((confirm, ack) => socket.emit('accounts:role', { name, role: role.value, confirm }, ack));
    const password = make('input', {
      type: 'password',
      placeholder: 'new password',
      className: 'account-password',
      autocomplete: 'new-password',
    });
    const reset = make('button', { type: 'button', textContent: 'Set password', className: 'account-reset' });
    reset.onclick = () =>
      this.change((confirm, ack) =>
        socket.emit('accounts:set', { name, role: account.role, password: password.value, confirm }, ack),
      );
    const remove = make('button', { type: 'button', textContent: 'Remove', className: 'danger account-remove' });
    remove.onclick = () => this.change((confirm, ack) => socket.emit('accounts:remove', { name, confirm }, ack));
    const tr = make(
      'tr',
      { className: 'account' },
      make('td', { textContent: `${name}${name === this.me ? ' (you)' : ''}` }),
      make('td', {}, role),
      make('td', {}, password, reset),
      make('td', {}, remove),
    );
    tr.dataset.name = name;
    return tr;
  }
}
