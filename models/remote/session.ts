import { neutralConditions, type Conditions, type PromptEvent } from '../../runtime/core/signals.ts';
import type { Logger } from '../../runtime/core/log.ts';
import type { Manifest, RemoteSpec } from '../../runtime/core/manifest.ts';
import type {
  AudioChunk,
  Frame,
  InstructionAck,
  ModelSession,
  ModelState,
  StepOutput,
} from '../../runtime/core/world-model.ts';
import type { ConditionEncoder } from '../conditions.ts';
import { ModelRunError } from '../contract/errors.ts';
import type { JpegDecoder } from './jpeg.ts';
import type { RemoteIO } from './metadata.ts';
import { decodeStep, stepRequest, type StepInput } from './step-io.ts';
import type { StepStream } from './stream.ts';
import { StepStreams } from '../step-streams.ts';

const END_WAIT_MS = 1000;

export interface RemoteSessionSetup {
  stream: StepStream;
  spec: RemoteSpec;
  io: RemoteIO;
  manifest: Manifest;
  encoder: ConditionEncoder;
  /** "grpc://host:port model "name"", for errors */
  where: string;
  sequenceId: string;
  /** requests in flight ahead of the step being shown */
  lookahead: number;
  seed: number;
  /** the starting picture at the model's image size */
  image?: Uint8Array;
  jpeg?: JpegDecoder;
  log: Logger;
}

/**
 * A world in a server's sequence. next() hands out the oldest step in flight and keeps `lookahead` more
 * requests on the stream, each with the conditions held when it was sent, so the round trip is hidden.
 */
export class RemoteSession implements ModelSession {
  private conditions: Conditions = neutralConditions();
  private readonly inFlight: Promise<StepOutput>[] = [];
  private stepCount = 0;
  private started = false;
  private isClosed = false;
  private prompt: string | undefined;
  private pushedStyle: string | undefined;
  private pushed = false;
  private readonly streams = new StepStreams(
    () => this.next(),
    () => this.isClosed,
  );
  /** audio chunks dropped because nobody read them in time */
  get droppedAudio(): number {
    return this.streams.dropped;
  }
  /** bytes of frame data of the last step, as it came over the wire */
  lastFrameBytes = 0;

  constructor(private readonly s: RemoteSessionSetup) {}

  get closed(): boolean {
    return this.isClosed;
  }

  get style(): string | undefined {
    return this.s.encoder.style;
  }

  get steps(): number {
    return this.stepCount;
  }

  get sequenceId(): string {
    return this.s.sequenceId;
  }

  get stream(): StepStream {
    return this.s.stream;
  }

  push(c: Partial<Conditions>): void {
    this.conditions = { ...this.conditions, ...c };
    // the server steers a world started from a picture to its look until another style is chosen
    const keepPicture = !this.pushed && this.s.image !== undefined;
    if (c.style !== undefined && c.style !== this.pushedStyle && !keepPicture) this.s.encoder.setStyle(c.style);
    this.pushedStyle = c.style ?? this.pushedStyle;
    this.pushed = true;
  }

  /** a model that lists `prompt` gets the words with the next request; else the manifest's style presets */
  instruct(p: PromptEvent): InstructionAck {
    if (this.s.io.prompt) {
      this.prompt = p.text;
      return {
        accepted: true,
        effect: `text sent to ${this.s.spec.model} with step ${this.stepCount + 1}: "${p.text}"`,
      };
    }
    const ack = this.s.encoder.instruct(p);
    return { ...ack, effect: `${ack.effect} (model "${this.s.spec.model}" takes no text)` };
  }

  async next(): Promise<StepOutput> {
    this.assertOpen();
    if (!this.inFlight.length) this.inFlight.push(this.request(false));
    const current = this.inFlight.shift()!;
    while (this.inFlight.length < this.s.lookahead) this.inFlight.push(this.request(false));
    return current;
  }

  frames(): AsyncIterableIterator<Frame> {
    return this.streams.frames();
  }

  audio(): AsyncIterableIterator<AudioChunk> {
    return this.streams.audio();
  }

  saveState(): Promise<ModelState> {
    return Promise.reject(this.noState('save'));
  }

  restoreState(): Promise<void> {
    return Promise.reject(this.noState('restore'));
  }

  /** ends the sequence (a last request with sequence_end) and the stream; idempotent */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.allSettled(this.inFlight.splice(0));
    if (this.started && !this.s.stream.broken) {
      const end = this.request(true).catch(() => undefined);
      await Promise.race([end, new Promise((r) => setTimeout(r, END_WAIT_MS).unref())]);
    }
    this.s.stream.end();
    this.streams.end();
  }

  private noState(what: string): ModelRunError {
    return new ModelRunError(
      `${this.s.where}: cannot ${what} a world: its state lives in the server, and the wm/1 remote binding has no way to export it`,
      'bad-state',
    );
  }

  private request(end: boolean): Promise<StepOutput> {
    const step = ++this.stepCount;
    const input: StepInput = {
      id: String(step),
      sequenceId: this.s.sequenceId,
      start: !this.started,
      end,
      action: this.s.encoder.encodeActions(this.conditions),
      style: this.s.encoder.styleInput(),
      prompt: this.prompt,
      ...(!this.started ? { seed: this.s.seed, image: this.s.image } : {}),
    };
    this.started = true;
    this.prompt = undefined;
    const sent = performance.now();
    const out = this.s.stream
      .send(stepRequest(this.s.spec, this.s.io, input))
      .then((r) => this.output(r, step, sent, input.prompt));
    out.catch(() => undefined); // a step sent ahead may fail unobserved; whoever takes it sees the error
    return out;
  }

  private async output(
    r: Parameters<typeof decodeStep>[0],
    step: number,
    sent: number,
    prompt: string | undefined,
  ): Promise<StepOutput> {
    try {
      const d = await decodeStep(r, this.s.manifest, this.s.io, step, this.s.jpeg);
      if (prompt !== undefined && d.promptUsed === false)
        this.s.log.warn({ step, prompt }, 'the model took no text from the instruction');
      this.lastFrameBytes = d.frameBytes;
      return { frames: d.frames, runMs: performance.now() - sent, ...(d.audio ? { audio: d.audio } : {}) };
    } catch (err) {
      throw new ModelRunError(`${this.s.where}: step ${step}: ${(err as Error).message}`, 'run-failed');
    }
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ModelRunError('session is closed', 'closed');
  }
}
