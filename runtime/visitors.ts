import type { Express } from 'express';
import { join } from 'node:path';
import type { Server } from 'socket.io';
import type { NacreConfig } from '../config/schema.ts';
import type { InstructionEntry } from './console/protocol.ts';
import type { Logger } from './core/log.ts';
import type { ModelState } from './core/world-model.ts';
import type { DisplayHub } from './display-hub.ts';
import { attachPhones } from './phones/attach.ts';
import { PhonesHub } from './phones/hub.ts';
import { VoteOsc } from './phones/vote-osc.ts';
import { attachVisits } from './visits/attach.ts';
import { VisitBook } from './visits/book.ts';
import { ContinueDesk, type Kiosk } from './visits/continue.ts';
import type { AudioFormat } from './visits/recorder.ts';

export interface VisitorsParts {
  instruct(text: string, from: string): InstructionEntry;
  announce(entry: InstructionEntry): void;
  /** the running world's state and sound format, for each visit's recording */
  save(): Promise<ModelState | undefined>;
  audio(): AudioFormat | undefined;
  kiosk: Kiosk;
}

/**
 * The visitors' own parts, where the exhibit has them (`phones`): their phones (PhonesHub), each visit recorded
 * (VisitBook), continue codes typed at the console, a display page or a phone (ContinueDesk), and `/nacre/vote`.
 */
export class Visitors {
  readonly phones: PhonesHub | undefined;
  readonly visits: VisitBook | undefined;
  readonly codes: ContinueDesk | undefined;
  /** `/nacre/vote` in the OSC dictionary */
  readonly voteOsc: VoteOsc;

  constructor(
    private readonly config: NacreConfig,
    parts: VisitorsParts,
    log: Logger,
  ) {
    const { phones } = config;
    this.voteOsc = new VoteOsc(() => this.phones?.votes, log.child({ ns: 'phones' }));
    const rec = phones.recording;
    if (rec.enabled) {
      const dir = rec.dir ?? join(config.stateDir, 'visits');
      this.visits = new VisitBook(rec, dir, parts, log.child({ ns: 'visits' }));
      this.codes = new ContinueDesk(this.visits, parts.kiosk);
    }
    if (!phones.enabled) return;
    const codes = rec.codeEntry.phones ? this.codes : undefined;
    const deps = {
      ...parts,
      ...(codes && {
        continueCode: (phone: number, address: string, code: unknown) => codes.visitor(code, `phone:${phone}`, address),
      }),
    };
    this.phones = new PhonesHub(phones, deps, log.child({ ns: 'phones' }));
  }

  /** their pages and sockets; a display page takes codes where `codeEntry.display` says so */
  async attach(app: Express, io: Server, displays: DisplayHub): Promise<void> {
    if (this.phones) attachPhones(app, io, this.phones);
    if (!this.visits || !this.codes) return;
    await this.visits.open();
    attachVisits(app, io, this.visits, this.codes, this.config.phones.joinUrl);
    const codes = this.codes;
    if (this.config.phones.recording.codeEntry.display)
      displays.continueCode = (display, address, code) => codes.visitor(code, `display:${display}`, address);
  }
}
