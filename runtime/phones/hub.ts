import type { Namespace, Server, Socket } from 'socket.io';
import type { InstructionEntry } from '../console/protocol.ts';
import type { ContinueAck } from '../core/display-protocol.ts';
import type { Logger } from '../core/log.ts';
import { Blocklist } from './blocklist.ts';
import type { PhonesConfig } from './config.ts';
import { PhoneGuard, Tally } from './guard.ts';
import { PhoneRegistry } from './identity.ts';
import { Moderator } from './moderation.ts';
import type { PhonesStatus, PhoneToServer, ServerToPhone, SuggestAck, VoteView } from './protocol.ts';
import { SuggestionQueue } from './queue.ts';
import { VoteDesk } from './vote-desk.ts';

export interface PhonesDeps {
  /** sends a text to the running world; `from` goes into the instruction log */
  instruct(text: string, from: string): InstructionEntry;
  /** every console shows an entry the phones added */
  announce(entry: InstructionEntry): void;
  /** a continue code from a phone (runtime/visits/continue.ts); unset: the phones do not take codes */
  continueCode?(phone: number, address: string, code: unknown): Promise<ContinueAck>;
}

interface PhoneData {
  phone: number;
  address: string;
  token: string;
}
type PhoneSocket = Socket<PhoneToServer, ServerToPhone>;

/** disconnect reasons that mean the phone sent what Socket.IO could not take (too large, malformed, not UTF-8) */
const BROKEN = new Set(['transport error', 'parse error']);

/** what the transport's error says (ws's own messages: engine.io passes on no code) */
function brokenKind(description: unknown): 'oversize' | 'invalid-utf8' | 'malformed' {
  const message = description instanceof Error ? description.message : String(description);
  if (/payload size/i.test(message)) return 'oversize';
  if (/UTF-8/i.test(message)) return 'invalid-utf8';
  return 'malformed';
}

/**
 * The /phones namespace: phones join, suggest and vote. Every suggestion passes the Moderator; in operator
 * mode it then waits in the queue the console works through (operator.ts), in auto mode it goes straight on.
 */
export class PhonesHub {
  readonly registry = new PhoneRegistry();
  readonly guard: PhoneGuard;
  readonly moderator: Moderator;
  readonly queue: SuggestionQueue;
  readonly votes: VoteDesk;
  private readonly outcomes = new Tally();
  private nsp: Namespace<PhoneToServer, ServerToPhone> | undefined;
  /** display pages showing the vote (phones.voteOnDisplay): they only listen */
  private board: Namespace | undefined;
  /** told when the queue changes (the consoles) */
  onQueue: () => void = () => undefined;
  /** operator: suggestions wait in the queue; auto: straight on once they pass the filters (the operator may switch) */
  mode: 'operator' | 'auto';
  /** told when the vote changes (the consoles) */
  onVote: (v: VoteView | null) => void = () => undefined;
  /** the moderation rules in force (`config.moderation` at start; a config reload replaces them) */
  private moderation: PhonesConfig['moderation'];

  constructor(
    readonly config: PhonesConfig,
    private readonly deps: PhonesDeps,
    private readonly log: Logger,
  ) {
    this.moderation = config.moderation;
    this.mode = config.moderation.mode;
    const blocklist = config.moderation.blocklist ? Blocklist.fromFile(config.moderation.blocklist) : undefined;
    this.guard = new PhoneGuard(config.limits);
    this.moderator = new Moderator(config.moderation, blocklist, (p) => this.registry.isBanned(p));
    this.queue = new SuggestionQueue(config.moderation.queueSize);
    this.votes = new VoteDesk(
      (v, to) => {
        if (to === 'phones') return void this.nsp?.emit('vote', v);
        this.board?.emit('vote', v);
        this.onVote(v);
      },
      (text, from) => this.send(text, from),
      (p) => this.registry.isBanned(p),
    );
    log.info({ blocklist: blocklist?.size ?? 0, mode: config.moderation.mode }, 'phones can join');
  }

  attach(io: Server): void {
    const nsp: Namespace<PhoneToServer, ServerToPhone> = io.of('/phones');
    this.nsp = nsp;
    nsp.use((socket, next) => {
      const address = socket.handshake.address;
      const refused = this.guard.admit(address);
      if (refused) return next(new Error(refused === 'address' ? 'too many phones from this address' : 'full'));
      const id = this.registry.identify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (!id) {
        this.guard.leave(address, socket.id);
        this.guard.refused.add('day-full');
        return next(new Error('full'));
      }
      const data: PhoneData = { phone: id.phone, address, token: id.token };
      socket.data = data;
      next();
    });
    nsp.on('connection', (socket) => this.connect(socket));
    if (!this.config.voteOnDisplay) return;
    this.board = io.of('/phones-board');
    this.board.on('connection', (socket) => socket.emit('vote', this.votes.view()));
  }

  private connect(socket: PhoneSocket): void {
    const { phone, address, token } = socket.data as PhoneData;
    void socket.join(`phone:${phone}`);
    socket.use(([, ...args], next) => {
      void this.guard.message(socket.id).then((verdict) => {
        if (verdict === 'ok') return next();
        const ack = args.at(-1);
        if (typeof ack === 'function') (ack as (a: unknown) => void)({ ok: false, reason: 'slow-down' });
        if (verdict === 'cut-off') socket.disconnect(true);
      });
    });
    socket.emit('welcome', {
      phone,
      token,
      maxLength: this.moderation.maxLength,
      mode: this.mode,
      suggestions: this.config.suggestions,
      languages: this.config.languages,
      continueCode: this.deps.continueCode !== undefined,
    });
    socket.emit('vote', this.votes.view());
    socket.on('suggest', (text, ack) => void this.suggest(phone, text).then((a) => reply(ack, a)));
    socket.on('vote', (voteId, option, ack) => reply(ack, this.votes.cast(phone, voteId, option)));
    socket.on('continue', (code, ack) => void this.continueCode(phone, address, code).then((a) => reply(ack, a)));
    socket.on('disconnect', (reason, description) => {
      this.guard.leave(address, socket.id);
      if (BROKEN.has(reason)) this.guard.dropped.add(brokenKind(description));
    });
  }

  /** a phone's suggestion: filtered, then queued for the operator or (auto mode) sent */
  async suggest(phone: number, text: unknown): Promise<SuggestAck> {
    this.outcomes.add('received');
    const verdict = await this.moderator.check(phone, text);
    if (!verdict.ok) {
      this.outcomes.add(verdict.reason);
      const { reason, retryInSeconds } = verdict;
      return retryInSeconds !== undefined ? { ok: false, reason, retryInSeconds } : { ok: false, reason };
    }
    if (this.mode === 'auto') {
      this.send(verdict.text, `phone ${phone}`);
      return { ok: true, status: 'sent' };
    }
    if (!this.queue.add(phone, verdict.text)) {
      this.outcomes.add('queue-full');
      return { ok: false, reason: 'queue-full' };
    }
    this.outcomes.add('queued');
    this.onQueue();
    return { ok: true, status: 'queued' };
  }

  private async continueCode(phone: number, address: string, code: unknown): Promise<ContinueAck> {
    if (!this.deps.continueCode) return { ok: false, reason: 'failed', error: 'this kiosk takes no codes from phones' };
    if (this.registry.isBanned(phone)) return { ok: false, reason: 'failed', error: 'banned' };
    return this.deps.continueCode(phone, address, code);
  }

  /** the operator sends a queued suggestion on, as it was or edited (the edit passes the same text filters) */
  approve(id: number, edited: string | null): string | undefined {
    const s = this.queue.take(id);
    if (!s) return `no suggestion ${id} in the queue`;
    const verdict = edited === null ? ({ ok: true, text: s.text } as const) : this.moderator.checkEdit(edited);
    if (!verdict.ok) {
      this.queue.restore(s);
      return `the edited text is refused (${verdict.reason})`;
    }
    const from = `phone ${s.phone}, ${verdict.text === s.text ? 'approved' : `edited from "${s.text}"`}`;
    this.send(verdict.text, from);
    this.nsp?.to(`phone:${s.phone}`).emit('outcome', { id, status: 'sent' });
    this.onQueue();
    return undefined;
  }

  reject(id: number): string | undefined {
    const s = this.queue.take(id);
    if (!s) return `no suggestion ${id} in the queue`;
    this.outcomes.add('rejected');
    this.nsp?.to(`phone:${s.phone}`).emit('outcome', { id, status: 'rejected' });
    this.onQueue();
    return undefined;
  }

  /**
   * A config reload's moderation: the blocklist file is read first (a missing one throws and changes nothing),
   * then the rules, the queue's size and, where the file changed it, the mode.
   */
  reconfigureModeration(m: PhonesConfig['moderation']): void {
    const blocklist = m.blocklist ? Blocklist.fromFile(m.blocklist) : undefined;
    this.moderator.reconfigure(m, blocklist);
    this.queue.resize(m.queueSize);
    const modeChanged = m.mode !== this.moderation.mode;
    this.moderation = m;
    if (modeChanged) this.setMode(m.mode);
    this.log.info({ blocklist: blocklist?.size ?? 0, mode: this.mode }, 'phones moderation reconfigured');
  }

  /** the operator switches modes; switching to auto sends nothing that waits (the queue stays to be handled) */
  setMode(mode: unknown): string | undefined {
    if (mode !== 'operator' && mode !== 'auto') return 'the mode is "operator" or "auto"';
    this.mode = mode;
    this.log.info({ mode }, 'phones moderation mode');
    this.onQueue();
    return undefined;
  }

  /** no more suggestions or votes from this phone today; what it has queued goes */
  ban(phone: number): string | undefined {
    if (!Number.isInteger(phone) || phone < 1) return 'a phone is a number from the queue';
    this.registry.ban(phone);
    this.queue.dropPhone(phone);
    this.log.info({ phone }, 'phone banned for the day');
    this.onQueue();
    return undefined;
  }

  status(): PhonesStatus {
    return {
      connected: this.guard.connected,
      today: this.registry.known,
      banned: this.registry.bans,
      mode: this.mode,
      queue: this.queue.length,
      suggestions: this.outcomes.snapshot(),
      refusedConnections: this.guard.refused.snapshot(),
      dropped: this.guard.dropped.snapshot(),
      votes: this.votes.held,
    };
  }

  voteView(): VoteView | null {
    return this.votes.view();
  }

  close(): void {
    this.votes.close();
    this.nsp?.disconnectSockets(true);
    this.board?.disconnectSockets(true);
  }

  private send(text: string, from: string): void {
    this.outcomes.add('sent');
    const entry = this.deps.instruct(text, from);
    this.deps.announce(entry);
  }
}

function reply<A>(ack: unknown, a: A): void {
  if (typeof ack === 'function') (ack as (a: A) => void)(a);
}
