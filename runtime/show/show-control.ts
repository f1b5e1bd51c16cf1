import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseConfigText } from '../../config/loader.ts';
import type { Logger } from '../core/log.ts';
import { isOn, type Signal } from '../core/signals.ts';
import { compileGlob } from '../mapping/glob.ts';
import type { ShowConfig } from './config.ts';
import { ShowEditor } from './editor.ts';
import { CuePlayer } from './player.ts';
import { cueTimeline, showSchema, type Show } from './schema.ts';
import { RuntimeStage, type StageParts } from './stage.ts';
import type { ShowStatus } from './status.ts';
export type { ShowStatus };

const RELOAD_MS = 150;

/**
 * The exhibit's show: its file loaded and watched (a broken edit is refused with file:line:column and the
 * running show goes on), GO from OSC, the console and mapped signals, and the player's feedback.
 */
export class ShowControl {
  private player: CuePlayer | undefined;
  private stage: RuntimeStage;
  private show: Show | undefined;
  private error: string | undefined;
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly go: { source: (s: string) => boolean; channel: (s: string) => boolean }[];
  private readonly wasOn = new Map<string, boolean>();
  /** the console's cue editor: what it saves, the running show takes at once (running cues play on) */
  readonly editor: ShowEditor;

  constructor(
    private readonly config: NonNullable<ShowConfig>,
    parts: Omit<StageParts, 'oscOut'>,
    private readonly log: Logger,
  ) {
    this.stage = new RuntimeStage({ ...parts, oscOut: () => this.show?.oscOut }, log);
    this.go = config.go.map((g) => ({ source: compileGlob(g.source), channel: compileGlob(g.channel) }));
    this.editor = new ShowEditor(config.file, (text) => {
      this.use(parseConfigText(text, config.file, showSchema));
      this.log.info({ file: config.file, cues: this.show?.cues.length }, 'show file saved from the console');
    });
  }

  /** loads the show (a broken file at start is an error: the exhibit does not start) and watches it */
  async start(): Promise<void> {
    this.use(await this.read());
    this.watcher = watch(dirname(this.config.file), (_, name) => {
      if (name !== basename(this.config.file)) return;
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.reload(), RELOAD_MS);
    });
  }

  /** the cue dictionary of OSC: true when the address was the show's */
  handleOsc(address: string, value: Signal['value']): boolean {
    const p = this.player;
    if (address === '/nacre/cue/go') this.goNow();
    else if (address === '/nacre/cue/stop') p?.stop();
    else if (address === '/nacre/panic') p?.panic();
    else {
      const m = /^\/nacre\/cue\/([\w.-]+)\/(start|stop|standby)$/.exec(address);
      if (!m) return false;
      const [, n, verb] = m as unknown as [string, string, 'start' | 'stop' | 'standby'];
      if (verb === 'start' && isOn(value)) p?.start(n);
      else if (verb === 'stop') p?.stop(n);
      else if (verb === 'standby') p?.standby(n);
    }
    return true;
  }

  /** any signal: a configured GO signal that turns on is a GO */
  signal(s: Signal): void {
    if (!this.go.some((g) => g.source(s.source) && g.channel(s.channel))) return;
    const key = `${s.source} ${s.channel}`;
    const on = isOn(s.value);
    if (on && !this.wasOn.get(key)) this.goNow();
    this.wasOn.set(key, on);
  }

  /** the standby cue's number; null past the last cue (saved in the checkpoint) */
  standby(): string | null {
    return this.player?.status().standby ?? null;
  }

  /** the standby cue as a checkpoint saved it (crash-resume) */
  restoreStandby(number: string): void {
    this.player?.standby(number);
  }

  goNow(): boolean {
    return this.player?.go() ?? false;
  }

  get cuePlayer(): CuePlayer | undefined {
    return this.player;
  }

  status(): ShowStatus {
    const cues = (this.show?.cues ?? []).map((c) => ({
      number: c.number,
      name: c.name,
      preWait: c.preWait,
      duration: cueTimeline(c).duration,
      continue: c.continue,
    }));
    const player = this.player?.status() ?? { standby: null, goReady: false, ignoredGos: 0, running: [] };
    return { file: this.config.file, ...(this.error ? { error: this.error } : {}), cues, ...player };
  }

  close(): void {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
    this.player?.close();
    this.stage.close();
  }

  private async read(): Promise<Show> {
    return parseConfigText(await readFile(this.config.file, 'utf8'), this.config.file, showSchema);
  }

  private use(show: Show): void {
    this.show = show;
    this.error = undefined;
    if (this.player) this.player.load(show);
    else this.player = new CuePlayer(show, this.stage, this.log);
  }

  private async reload(): Promise<void> {
    try {
      this.use(await this.read());
      this.log.info({ file: this.config.file, cues: this.show?.cues.length }, 'show file reloaded');
    } catch (err) {
      this.error = (err as Error).message;
      this.log.warn({ file: this.config.file, err: this.error }, 'show file refused: the running show goes on');
    }
  }
}
