import type { InstructionEntry } from './console/protocol.ts';

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
}

/** The commands, carried out by the parts that own what each one changes. */
export class ExhibitControl implements ExhibitCommands {
  constructor(
    private readonly session: { operatorStart(): void; operatorReset(): void },
    private readonly world: {
      instruct(text: string, from?: string): InstructionEntry;
      readonly instructions: { all(): InstructionEntry[] };
    },
    private readonly displays: { setBlackout(on: boolean): void },
    private readonly cameras: { snapshot(camera?: string): Promise<void> },
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
}
