import type { ContinueAck } from '../core/display-protocol.ts';
import type { InstructionAck, ModelSession, ModelState } from '../core/world-model.ts';
import type { VisitBook } from './book.ts';
import { CodeGuard } from './code-guard.ts';

export interface Kiosk {
  /** the running world */
  session(): ModelSession | undefined;
  phase(): string;
  /** restores `state` between two steps and starts a visit in it before the next one */
  carryOn(state: ModelState): Promise<InstructionAck>;
}

export type { ContinueAck };
export type ContinueRefusal = Extract<ContinueAck, { ok: false }>['reason'];

const WRONG = 'no world with this code (or it has expired)';

/**
 * "Continue this world": a visit's code restores its saved world and starts a visit in it. The operator may
 * do it at any time of a visit (the console); a visitor (at a display page, or on a phone) only while the
 * kiosk waits for one, and within the CodeGuard's limits, so codes cannot be guessed by trying them.
 */
export class ContinueDesk {
  readonly guard = new CodeGuard();
  /** visitors' attempts by outcome (carried, wrong, slow-down, busy, failed) */
  readonly outcomes: Partial<Record<'carried' | ContinueRefusal, number>> = {};

  constructor(
    private readonly book: VisitBook,
    private readonly kiosk: Kiosk,
  ) {}

  /** the console's: an error, or undefined when the visit began */
  async operator(code: unknown): Promise<string | undefined> {
    if (typeof code !== 'string' || code.length > 32) return 'a code is 8 letters and digits';
    const phase = this.kiosk.phase();
    if (phase !== 'attract' && phase !== 'active') return 'the kiosk is between visits: try again in a moment';
    const state = await this.book.store.stateFor(code);
    return state ? this.carryOn(state) : WRONG;
  }

  /** a visitor's; `entrant` names where it was typed (display:main, phone:17), for the limits */
  async visitor(code: unknown, entrant: string, address: string): Promise<ContinueAck> {
    const ack = await this.tryVisitor(code, entrant, address);
    const outcome = ack.ok ? 'carried' : ack.reason;
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    return ack;
  }

  private async tryVisitor(code: unknown, entrant: string, address: string): Promise<ContinueAck> {
    if (this.kiosk.phase() !== 'attract')
      return { ok: false, reason: 'busy', error: 'a visit is going on: try again when the kiosk is free' };
    const wait = await this.guard.attempt(entrant, address);
    if (wait !== undefined)
      return { ok: false, reason: 'slow-down', error: 'too many wrong codes: wait a while', retryInSeconds: wait };
    const state = typeof code === 'string' && code.length <= 32 ? await this.book.store.stateFor(code) : undefined;
    if (!state) return { ok: false, reason: 'wrong', error: WRONG };
    await this.guard.right(entrant, address);
    const error = await this.carryOn(state);
    return error === undefined ? { ok: true } : { ok: false, reason: 'failed', error };
  }

  private async carryOn(state: ModelState): Promise<string | undefined> {
    const session = this.kiosk.session();
    if (!session) return 'the world model is restarting: try again in a moment';
    const ack = await this.kiosk.carryOn(state);
    return ack.accepted ? undefined : `this world cannot be carried on here: ${ack.effect}`;
  }
}
