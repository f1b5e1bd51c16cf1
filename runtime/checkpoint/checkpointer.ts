import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/log.ts';
import type { ModelSession } from '../core/world-model.ts';
import { encodeCheckpoint, readCheckpoint, stateDigest, writeAtomically, type CheckpointHeader } from './file.ts';
import { positionSchema, type SessionPosition } from './position.ts';

export interface CheckpointConfig {
  /** 0: never */
  everySeconds: number;
  maxMegabytes: number;
}

/** What the keeper offers: the live session and the running model's name. */
export interface CheckpointWorld {
  readonly session: Pick<ModelSession, 'saveState' | 'restoreState'> | undefined;
  readonly manifest: { readonly name: string } | undefined;
}

/** the kiosk's position (session phase, show standby), saved with the world and put back with it */
export interface PositionKeeper {
  save(): SessionPosition;
  restore(p: SessionPosition): void;
}

export interface CheckpointStatus {
  saved: number;
  /** over maxMegabytes: not written */
  tooLarge: number;
  failed: number;
  last?: { step: number; savedAt: number; bytes: number; digest: string };
  /** the world this runtime came back in, and its state read back after the restore */
  restored?: { step: number; savedAt: number; digest: string; phase?: string; standby?: string | null };
  lastError?: string;
}

/**
 * Crash-resume: the world's state (ModelSession.saveState) is written to `<stateDir>/world.checkpoint` every
 * few seconds and at shutdown, atomically (checkpoint/file.ts), and read back at start, so after a crash, a
 * power cut or a restart the kiosk comes back in the same world. A model whose state lives in a server
 * (remote, services) cannot save one: that is counted once as failed and logged once.
 */
export class Checkpointer {
  readonly path: string;
  readonly counts: CheckpointStatus = { saved: 0, tooLarge: 0, failed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private readonly logged = new Set<string>();

  constructor(
    stateDir: string,
    private readonly config: CheckpointConfig,
    private readonly world: CheckpointWorld,
    private readonly log: Logger,
    private readonly position?: PositionKeeper,
  ) {
    this.path = join(stateDir, 'world.checkpoint');
  }

  /** the last checkpoint into the running session, if it was saved from this model; false if none applied */
  async resume(): Promise<boolean> {
    const session = this.world.session;
    const model = this.world.manifest?.name;
    if (!session || !model) return false;
    let found: Awaited<ReturnType<typeof readCheckpoint>>;
    try {
      found = await readCheckpoint(this.path);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, path: this.path }, 'checkpoint unreadable: a new world starts');
      return false;
    }
    if (!found) return false;
    if (found.header.model !== model) {
      this.log.info({ saved: found.header.model, model }, 'checkpoint of another model: a new world starts');
      return false;
    }
    await session.restoreState(found.state);
    const check = await session.saveState(); // the world as it is now, to show it is the one saved
    this.counts.restored = { step: check.step, savedAt: found.header.savedAt, digest: stateDigest(check.tensors) };
    const position = this.restorePosition(found.header.position);
    this.log.info(
      { step: check.step, savedAt: new Date(found.header.savedAt).toISOString(), position },
      'world resumed',
    );
    return true;
  }

  /** the session's phase and the show's standby as saved; a position that does not check is left out, logged */
  private restorePosition(saved: unknown): SessionPosition | undefined {
    if (saved === undefined || !this.position) return undefined;
    const p = positionSchema.safeParse(saved);
    if (!p.success) {
      this.log.warn(
        { err: p.error.message },
        'checkpoint: the saved session position is unreadable: a new visit cycle starts',
      );
      return undefined;
    }
    this.position.restore(p.data);
    this.counts.restored = {
      ...this.counts.restored!,
      phase: p.data.phase,
      ...(p.data.standby !== undefined && { standby: p.data.standby }),
    };
    return p.data;
  }

  start(): void {
    if (this.config.everySeconds <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.save(), this.config.everySeconds * 1000);
    this.timer.unref();
  }

  /** stops the timer and writes a last checkpoint */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.saving;
    if (this.config.everySeconds > 0) await this.save();
  }

  /** one checkpoint now (one at a time: a save still running is waited for, not doubled) */
  save(): Promise<void> {
    this.saving ??= this.saveNow().finally(() => (this.saving = undefined));
    return this.saving;
  }

  private async saveNow(): Promise<void> {
    const session = this.world.session;
    if (!session) return;
    try {
      const { header, bytes } = encodeCheckpoint(await session.saveState(), Date.now(), this.position?.save());
      if (bytes.length > this.config.maxMegabytes * 1024 * 1024) return this.tooLarge(header, bytes.length);
      await mkdir(join(this.path, '..'), { recursive: true });
      await writeAtomically(this.path, bytes);
      this.counts.saved++;
      this.counts.last = { step: header.step, savedAt: header.savedAt, bytes: bytes.length, digest: header.digest };
    } catch (err) {
      this.counts.failed++;
      this.counts.lastError = (err as Error).message;
      this.once(this.counts.lastError, () =>
        this.log.warn({ err: this.counts.lastError }, 'world checkpoint not written (logged once per reason)'),
      );
    }
  }

  private tooLarge(header: CheckpointHeader, bytes: number): void {
    this.counts.tooLarge++;
    this.once('too large', () =>
      this.log.warn(
        { bytes, maxMegabytes: this.config.maxMegabytes, model: header.model },
        'world checkpoint over checkpoint.maxMegabytes: not written',
      ),
    );
  }

  private once(key: string, fn: () => void): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    fn();
  }
}
