import { neutralConditions, type Conditions, type PromptEvent } from '../../runtime/core/signals.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type {
  AudioChunk,
  Frame,
  InstructionAck,
  ModelSession,
  ModelState,
  StepOutput,
  WorldTransport,
} from '../../runtime/core/world-model.ts';
import { ModelRunError } from '../contract/errors.ts';
import { CtrlInput, promptChange, promptOf } from './controls.ts';
import type { ScopeSpec } from './manifest.ts';
import { ScopePause } from './pause.ts';
import type { RgbaFrame, ScopeTransport } from './transport.ts';

/** no new frame from Scope this long into a step: the step shows the last one again */
const REPEAT_AFTER_MS = 400;

export interface ScopeSessionSetup {
  transport: ScopeTransport;
  spec: ScopeSpec;
  manifest: Manifest;
  /** preset name -> prompt */
  prompts: Readonly<Record<string, string>>;
  style: string | undefined;
  /** "Scope at http://host:8000 pipeline "id"", for errors */
  where: string;
}

/** nearest-neighbour RGBA resize, for a pipeline whose output is not the manifest's size */
export function scaleRgba(src: RgbaFrame, width: number, height: number): Uint8Array {
  if (src.width === width && src.height === height) return src.data;
  const out = new Uint8Array(width * height * 4);
  const src32 = new Uint32Array(src.data.buffer, src.data.byteOffset, src.width * src.height);
  const out32 = new Uint32Array(out.buffer);
  for (let y = 0; y < height; y++) {
    const row = Math.min(src.height - 1, Math.floor(((y + 0.5) * src.height) / height)) * src.width;
    for (let x = 0; x < width; x++)
      out32[y * width + x] = src32[row + Math.min(src.width - 1, Math.floor(((x + 0.5) * src.width) / width))]!;
  }
  return out;
}

/**
 * A visit's world in Scope. Scope generates at its own pace: next() sends the step's keys and mouse, then
 * takes the newest frame Scope has sent since the last step (waiting for one if there is none yet).
 */
export class ScopeSession implements ModelSession {
  private conditions: Conditions = neutralConditions();
  private readonly ctrl: CtrlInput;
  private styleName: string | undefined;
  private stepCount = 0;
  private seq = 0;
  private lastStepAt: number | undefined;
  private last: RgbaFrame | undefined;
  private isClosed = false;
  private audioDone: (() => void) | undefined;
  /** pause and resume through Scope's `paused` (no rewind: Scope keeps no history) */
  readonly transport: WorldTransport;

  constructor(private readonly s: ScopeSessionSetup) {
    this.ctrl = new CtrlInput(s.spec);
    this.styleName = s.style;
    this.transport = new ScopePause(s.transport, () => (this.isClosed ? 'the visit has ended' : undefined));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get style(): string | undefined {
    return this.styleName;
  }

  get steps(): number {
    return this.stepCount;
  }

  push(c: Partial<Conditions>): void {
    this.conditions = { ...this.conditions, ...c };
    const prompt = c.style !== undefined && c.style !== this.styleName ? this.s.prompts[c.style] : undefined;
    if (prompt !== undefined && !this.isClosed) {
      this.styleName = c.style;
      this.s.transport.send(promptChange(this.s.spec, [{ text: prompt, weight: 1 }]));
    }
  }

  /** the words become Scope's prompt, blended in over the transition; the ack says what was sent */
  instruct(p: PromptEvent): InstructionAck {
    if (this.isClosed) return { accepted: false, effect: 'the session is closed' };
    if (!p.text.trim()) return { accepted: false, effect: 'an empty instruction: nothing sent' };
    const sent = promptChange(this.s.spec, [promptOf(p)], p.transition);
    this.s.transport.send(sent);
    this.styleName = undefined;
    const t = sent.transition!;
    return {
      accepted: true,
      effect: `prompt sent to Scope (pipeline "${this.s.spec.pipeline}"), blended over ${t.num_steps} generation calls (${t.temporal_interpolation_method}): "${p.text}" weight ${t.target_prompts[0]!.weight}`,
    };
  }

  async next(): Promise<StepOutput> {
    if (this.isClosed) throw new ModelRunError('session is closed', 'closed');
    const now = performance.now();
    const seconds =
      this.lastStepAt === undefined ? 1 / this.s.manifest.fps : Math.min(0.25, (now - this.lastStepAt) / 1000);
    this.lastStepAt = now;
    const ctrl = this.ctrl.step(this.conditions, seconds);
    if (ctrl) this.s.transport.send(ctrl);
    let raw: RgbaFrame | undefined;
    try {
      // Scope between frames: the last one again (the loop must not stall on a slow chunk); a Scope that
      // has gone quiet for frameTimeoutMs is failed by the transport, with the server's name
      const fresh = await this.s.transport.frame(this.seq, this.last ? REPEAT_AFTER_MS : undefined);
      // a repeat gets its own pixels: whoever took the last frame may have handed its buffer on
      raw = fresh ?? { ...this.last!, data: this.last!.data.slice() };
    } catch (err) {
      throw new ModelRunError(`${this.s.where}: ${(err as Error).message}`, this.isClosed ? 'closed' : 'run-failed');
    }
    this.last = raw;
    this.seq = raw.seq;
    const { width, height } = this.s.manifest;
    const frame: Frame = {
      width,
      height,
      data: scaleRgba(raw, width, height),
      step: ++this.stepCount,
      at: performance.now(),
    };
    return { frames: [frame], runMs: performance.now() - now };
  }

  async *frames(): AsyncIterableIterator<Frame> {
    while (!this.isClosed) yield* (await this.next()).frames;
  }

  /** Scope's video pipelines give no audio here: the iterator ends when the session closes */
  async *audio(): AsyncIterableIterator<AudioChunk> {
    const none: AudioChunk[] = [];
    if (!this.isClosed) await new Promise<void>((r) => (this.audioDone = r));
    yield* none;
  }

  saveState(): Promise<ModelState> {
    return Promise.reject(this.noState('save'));
  }

  restoreState(): Promise<void> {
    return Promise.reject(this.noState('restore'));
  }

  /** every key released; the connection stays for the next visit */
  async close(): Promise<void> {
    if (this.isClosed) return;
    const release = this.ctrl.release();
    if (release) this.s.transport.send(release);
    this.isClosed = true;
    this.audioDone?.();
  }

  private noState(what: string): ModelRunError {
    return new ModelRunError(
      `${this.s.where}: cannot ${what} a world: its state (the pipeline's cache) lives in Scope, which has no way to export it`,
      'bad-state',
    );
  }
}
