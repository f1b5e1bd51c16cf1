import type { InstructionEntry } from './console/protocol.ts';
import type { PendingAck, TransportStatus } from './core/world-model.ts';
import { SpeakerChangeError } from '../displays/speaker/controls.ts';
import type { SpeakerChange, SpeakerView } from '../displays/speaker/output.ts';

export type TransportAction = 'pause' | 'resume' | 'rewind';

/**
 * What an operator can do to the running exhibit, wherever the command comes from: the console, the OSC
 * dictionary or HTTP all call these, so a command exists once.
 */
export interface ExhibitCommands {
  /** begin a visit now, as if a visitor had pressed a key */
  start(): void;
  /** end the visit and give the next visitor a fresh world */
  reset(): void;
  blackout(on: boolean): void;
  /** a text instruction to the running world; says what the model did with it. `from`: who asked (a phone, a vote) */
  instruct(text: string, from?: string): InstructionEntry;
  /** a new world from a camera's picture (the first camera when none is named) */
  snapshot(camera?: string): Promise<void>;
  /** the instruction log, oldest first */
  history(): InstructionEntry[];
  /** pause or resume the world, or rewind it by `seconds`, where the world can (see transportStatus) */
  transport(action: TransportAction, seconds?: number): PendingAck;
  transportStatus(): TransportStatus;
  /** saves the running world under a name in the state directory / puts a saved world back */
  bookmark(name: string): PendingAck;
  recall(name: string): PendingAck;
  /** the saved worlds' names */
  bookmarks(): string[];
  /** the speakers' live settings: level, mutes, the test tone playing */
  speakers(): SpeakerView[];
  /** a speaker's master level, a mute (the speaker or one channel) or a test tone on one channel; throws
   *  SpeakerChangeError (a RangeError), changing nothing, for a speaker, channel or value that is not there */
  speaker(id: string, change: SpeakerChange): SpeakerView;
}

/** The commands, carried out by the parts that own what each one changes. */
export class ExhibitControl implements ExhibitCommands {
  constructor(
    private readonly session: { operatorStart(): void; operatorReset(): void },
    private readonly world: {
      instruct(text: string, from?: string): InstructionEntry;
      readonly instructions: { all(): InstructionEntry[] };
      moveTransport(action: TransportAction, seconds?: number): PendingAck;
      transportStatus(): TransportStatus;
      bookmark(name: string): PendingAck;
      recall(name: string): PendingAck;
      bookmarkNames(): string[];
    },
    private readonly displays: { setBlackout(on: boolean): void },
    private readonly cameras: { snapshot(camera?: string): Promise<void> },
    private readonly speakerOutputs: readonly {
      readonly id: string;
      view(): SpeakerView;
      change(c: SpeakerChange): SpeakerView;
    }[] = [],
  ) {}

  start(): void {
    this.session.operatorStart();
  }

  reset(): void {
    this.session.operatorReset();
  }

  blackout(on: boolean): void {
    this.displays.setBlackout(on);
  }

  instruct(text: string, from?: string): InstructionEntry {
    return this.world.instruct(text, from);
  }

  snapshot(camera?: string): Promise<void> {
    return this.cameras.snapshot(camera);
  }

  history(): InstructionEntry[] {
    return this.world.instructions.all();
  }

  transport(action: TransportAction, seconds?: number): PendingAck {
    return this.world.moveTransport(action, seconds);
  }

  transportStatus(): TransportStatus {
    return this.world.transportStatus();
  }

  bookmark(name: string): PendingAck {
    return this.world.bookmark(name);
  }

  recall(name: string): PendingAck {
    return this.world.recall(name);
  }

  bookmarks(): string[] {
    return this.world.bookmarkNames();
  }

  speakers(): SpeakerView[] {
    return this.speakerOutputs.map((s) => s.view());
  }

  speaker(id: string, change: SpeakerChange): SpeakerView {
    const s = this.speakerOutputs.find((o) => o.id === id);
    if (!s) {
      const ids = this.speakerOutputs.map((o) => o.id);
      throw new SpeakerChangeError(
        `no speaker "${id}"; ${ids.length ? `speakers: ${ids.join(', ')}` : 'none is configured'}`,
      );
    }
    return s.change(change);
  }
}
