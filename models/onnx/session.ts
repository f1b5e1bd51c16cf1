import { neutralConditions, type Conditions, type PromptEvent } from '../../runtime/core/signals.ts';
import { IMAGE_STYLE, type ConditionEncoder } from '../conditions.ts';
import type { InstructionAck } from '../../runtime/core/world-model.ts';
import { ModelRunError } from '../contract/errors.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type { AudioChunk, Frame, ModelSession, ModelState, StepOutput } from '../../runtime/core/world-model.ts';
import type { WorkerClient } from './worker-client.ts';
import { StepStreams } from '../step-streams.ts';

/**
 * A running world on the model worker. next() hands out the step computed ahead (lookahead 1) and asks
 * for the following one with the conditions held at that moment, so the worker never waits on the caller.
 */
export class OnnxSession implements ModelSession {
  private conditions: Conditions = neutralConditions();
  private ahead: Promise<StepOutput> | undefined;
  private stepCount = 0;
  private isClosed = false;
  private readonly streams = new StepStreams(
    () => this.next(),
    () => this.isClosed,
  );
  /** audio chunks dropped because nobody read them in time */
  get droppedAudio(): number {
    return this.streams.dropped;
  }

  constructor(
    private readonly worker: WorkerClient,
    private readonly manifest: Manifest,
    private readonly encoder: ConditionEncoder,
    private readonly lookahead: 0 | 1,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  get style(): string | undefined {
    return this.encoder.style;
  }

  get steps(): number {
    return this.stepCount;
  }

  private pushedStyle: string | undefined;
  private pushed = false;

  push(c: Partial<Conditions>): void {
    this.conditions = { ...this.conditions, ...c };
    // a held style applies when it changes, so a look from a starting picture stays until a new style is chosen
    const keepPicture = !this.pushed && this.encoder.style === IMAGE_STYLE;
    if (c.style !== undefined && c.style !== this.pushedStyle && !keepPicture) this.encoder.setStyle(c.style);
    this.pushedStyle = c.style ?? this.pushedStyle;
    this.pushed = true;
  }

  instruct(p: PromptEvent): InstructionAck {
    return this.encoder.instruct(p);
  }

  async next(): Promise<StepOutput> {
    this.assertOpen();
    const current = this.ahead ?? this.request();
    this.ahead = this.lookahead ? this.request() : undefined;
    return current;
  }

  frames(): AsyncIterableIterator<Frame> {
    return this.streams.frames();
  }

  audio(): AsyncIterableIterator<AudioChunk> {
    return this.streams.audio();
  }

  async saveState(): Promise<ModelState> {
    await this.settleAhead(true);
    const reply = await this.worker.request({ kind: 'save' });
    if (reply.kind !== 'saved') throw new ModelRunError(`saving state failed: ${describe(reply)}`, 'run-failed');
    return {
      model: this.manifest.name,
      step: this.stepCount,
      ...(this.style ? { style: this.style } : {}),
      tensors: reply.tensors,
    };
  }

  async restoreState(s: ModelState): Promise<void> {
    this.assertOpen();
    if (s.model !== this.manifest.name) {
      throw new ModelRunError(`state was saved from model "${s.model}", this is "${this.manifest.name}"`, 'bad-state');
    }
    await this.settleAhead(false);
    const copies = Object.fromEntries(Object.entries(s.tensors).map(([n, t]) => [n, { ...t, data: t.data.slice(0) }]));
    const reply = await this.worker.request(
      { kind: 'restore', tensors: copies },
      Object.values(copies).map((t) => t.data),
    );
    if (reply.kind !== 'done') throw new ModelRunError(`restoring state failed: ${describe(reply)}`, 'bad-state');
    this.stepCount = s.step;
    if (s.style) this.encoder.setStyle(s.style);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.ahead?.catch(() => undefined);
    this.ahead = undefined;
    this.streams.end();
  }

  /** waits out a step computed ahead; with rollback, the worker forgets it so the saved state is pre-step */
  private async settleAhead(rollback: boolean): Promise<void> {
    const pending = this.ahead;
    if (!pending) return;
    this.ahead = undefined;
    await pending.catch(() => undefined);
    this.stepCount--;
    if (rollback) this.worker.send({ kind: 'rollback' });
  }

  private request(): Promise<StepOutput> {
    const action = this.encoder.encodeActions(this.conditions);
    const style = this.encoder.styleInput();
    const step = ++this.stepCount;
    const reply = this.worker
      .request({ kind: 'step', action, ...(style ? { style } : {}) })
      .then((r) => this.output(r, step));
    reply.catch(() => undefined); // a step computed ahead may fail unobserved; whoever takes it sees the error
    return reply;
  }

  private output(r: Awaited<ReturnType<WorkerClient['request']>>, step: number): StepOutput {
    if (r.kind !== 'stepped') throw new ModelRunError(`model step failed: ${describe(r)}`, 'run-failed');
    const { width, height, framesPerStep, audio } = this.manifest;
    const at = performance.now();
    const size = width * height * 4;
    const frames: Frame[] = [];
    for (let i = 0; i < framesPerStep; i++) {
      frames.push({
        width,
        height,
        data: new Uint8Array(r.frame.buffer, r.frame.byteOffset + i * size, size),
        step,
        at,
      });
    }
    const chunk =
      audio && r.audio
        ? { rate: audio.rate, channels: audio.channels, samples: audio.samplesPerStep, data: r.audio, step }
        : undefined;
    return { frames, runMs: r.runMs, ...(chunk ? { audio: chunk } : {}) };
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ModelRunError('session is closed', 'closed');
  }
}

function describe(r: { kind: string; message?: string }): string {
  return r.message ?? `unexpected reply "${r.kind}"`;
}
