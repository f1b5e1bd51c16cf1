import type { Namespace, Server, Socket } from 'socket.io';
import type { PhonesHub } from './hub.ts';
import { may } from '../accounts/roles.ts';
import { sessionOf } from '../console/access.ts';
import type { ConsoleToPhones, OperatorAck, PhonesToConsole } from './protocol.ts';

type ConsoleSocket = Socket<ConsoleToPhones, PhonesToConsole>;

/**
 * The operator's side of the phones, on the console's own namespace (its password check applies): the queue
 * (approve, edit, reject, ban a phone for the day) and votes. The console page's phones.js draws them.
 */
export class OperatorDesk {
  private readonly nsp: Namespace<ConsoleToPhones, PhonesToConsole>;

  constructor(
    io: Server,
    private readonly phones: PhonesHub,
  ) {
    this.nsp = io.of('/console');
    this.nsp.on('connection', (socket: ConsoleSocket) => this.connect(socket));
    phones.onQueue = () => this.nsp.emit('phones:queue', this.queue());
    phones.onVote = (v) => this.nsp.emit('phones:vote', v);
  }

  private connect(socket: ConsoleSocket): void {
    const phones = this.phones;
    socket.emit('phones:queue', this.queue());
    socket.emit('phones:vote', phones.voteView());
    // a viewer watches the queue and the votes; only operators and admins act on them
    const { role } = sessionOf(socket);
    const act = (ack: unknown, deed: () => string | undefined) =>
      answer(
        ack,
        may(role, 'operate') ? deed() : `${role === 'viewer' ? 'a' : 'an'} ${role} may not act on the phones`,
      );
    socket.on('phones:approve', (id, edited, ack) =>
      act(ack, () => phones.approve(Number(id), typeof edited === 'string' ? edited : null)),
    );
    socket.on('phones:reject', (id, ack) => act(ack, () => phones.reject(Number(id))));
    socket.on('phones:ban', (phone, ack) => act(ack, () => phones.ban(Number(phone))));
    socket.on('phones:mode', (mode, ack) => act(ack, () => phones.setMode(mode)));
    socket.on('phones:vote', (options, seconds, ack) => act(ack, () => phones.votes.open(options, seconds)));
    socket.on('phones:close-vote', (ack) => act(ack, () => phones.votes.closeNow()));
  }

  private queue() {
    return { mode: this.phones.mode, waiting: this.phones.queue.all() };
  }
}

function answer(ack: unknown, error: string | undefined): void {
  if (typeof ack !== 'function') return;
  const a: OperatorAck = error === undefined ? { ok: true } : { ok: false, error };
  (ack as (a: OperatorAck) => void)(a);
}
