import { createSocket, type Socket } from 'node:dgram';
import { encodeMessage } from '../../drivers/osc/codec.ts';
import type { Logger } from '../core/log.ts';
import type { ExhibitCommands } from '../exhibit-commands.ts';
import type { ConditionStore } from '../mapping/store.ts';
import type { Target } from '../mapping/target.ts';
import type { ShowStage } from './player.ts';
import type { Level } from './ramp.ts';
import type { CueAction } from './schema.ts';

/** the phones' vote desk as a show sees it: an error when it refuses (runtime/phones/vote-desk.ts) */
export interface VoteOpener {
  open(options: readonly string[], seconds: number): string | undefined;
}

export interface StageParts {
  store: ConditionStore;
  commands: ExhibitCommands;
  /** blackout with a fade (seconds) */
  blackout(on: boolean, fadeSeconds: number): void;
  feedback(address: string, value: string): void;
  /** the phones' votes (undefined: phones are off) */
  votes(): VoteOpener | undefined;
  /** the show file's oscOut, for osc actions that do not say where */
  oscOut(): string | undefined;
}

/** The runtime as a show sees it: conditions at cue priority, the exhibit's commands, OSC out to other gear. */
export class RuntimeStage implements ShowStage {
  private socket: Socket | undefined;

  constructor(
    private readonly p: StageParts,
    private readonly log: Logger,
  ) {}

  act(a: CueAction): void {
    const c = this.p.commands;
    if ('set' in a) this.hold(a.set, a.value);
    else if ('release' in a) this.release(a.release);
    else if ('instruct' in a) c.instruct(a.instruct);
    else if ('style' in a) c.instruct(a.style);
    else if ('session' in a) c[a.session]();
    else if ('transport' in a) c.transport(a.transport);
    else if ('rewind' in a) c.transport('rewind', a.rewind);
    else if ('bookmark' in a) c.bookmark(a.bookmark);
    else if ('recall' in a) c.recall(a.recall);
    else if ('blackout' in a) this.p.blackout(a.blackout, a.fade);
    else if ('osc' in a) this.osc(a.osc, a.args, a.to);
    else if ('vote' in a) this.vote(a.vote.options, a.vote.seconds);
  }

  hold(target: string, v: Level | boolean | string | undefined): void {
    this.p.store.override(target as Target, v === undefined ? undefined : (v as Level), 'cue');
  }

  level(target: string): Level | undefined {
    const c = this.p.store.snapshot();
    if (target === 'move' || target === 'look') return [c[target][0], c[target][1]];
    const axis = { 'move.x': c.move[0], 'move.y': c.move[1], 'look.yaw': c.look[0], 'look.pitch': c.look[1] };
    return axis[target as keyof typeof axis];
  }

  held(): { target: string; value: unknown }[] {
    return this.p.store.overridden('cue');
  }

  feedback(address: string, value: string): void {
    this.p.feedback(address, value);
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  private release(target: string): void {
    const all = target === 'all' ? this.held().map((h) => h.target) : [target];
    for (const t of all) this.hold(t, undefined);
  }

  /** a refusal (phones off, a vote open already) is thrown: the player logs it with the cue */
  private vote(options: readonly string[], seconds: number): void {
    const desk = this.p.votes();
    const refused = desk ? desk.open(options, seconds) : 'phones are off (phones.enabled)';
    if (refused) throw new Error(`no vote opened: ${refused}`);
  }

  private osc(address: string, args: (number | string | boolean)[], to: string | undefined): void {
    const where = to ?? this.p.oscOut();
    if (!where) return this.log.warn({ address }, 'an osc cue action with nowhere to go (no "to", no oscOut)');
    const [host, port] = [where.slice(0, where.lastIndexOf(':')), Number(where.slice(where.lastIndexOf(':') + 1))];
    this.socket ??= createSocket('udp4');
    this.socket.send(encodeMessage(address, args), port, host, (err) => {
      if (err) this.log.warn({ address, to: where, err: err.message }, 'an osc cue action was not sent');
    });
  }
}
