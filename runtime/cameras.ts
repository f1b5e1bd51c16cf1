import type { CameraDeviceConfig } from '../drivers/camera/config.ts';
import type { Logger } from './core/log.ts';
import { compileGlob } from './mapping/glob.ts';
import { isOn, type Signal } from './core/signals.ts';

export interface CameraActions {
  /** asks a camera for its newest picture (the camera hands it to the world through its snapshot hook) */
  snapshot(camera: string): Promise<void>;
  presence(source: string, here: boolean, t: number): void;
}

interface Trigger {
  camera: string;
  source: (s: string) => boolean;
  channel: (c: string) => boolean;
}

/**
 * What the runtime does with cameras beyond their signals: a camera that sees someone keeps the visit going
 * (when `wakes`), and a configured trigger (a button, an OSC address, a key) that turns on takes a snapshot
 * that starts a new world.
 */
export class CameraHub {
  private cameras: readonly CameraDeviceConfig[] = [];
  private triggers: Trigger[] = [];
  private waking = new Set<string>();
  private readonly on = new Set<string>();

  constructor(
    cameras: readonly CameraDeviceConfig[],
    private readonly act: CameraActions,
    private readonly log: Logger,
  ) {
    this.reconfigure(cameras);
  }

  /**
   * The cameras a config reload leaves (the supervisor reopens the drivers): their triggers and which wake.
   * A camera that no longer wakes (or is gone) stops holding the visit.
   */
  reconfigure(cameras: readonly CameraDeviceConfig[]): void {
    const waking = new Set(cameras.filter((c) => c.wakes).map((c) => `camera:${c.id}`));
    for (const source of this.waking) if (!waking.has(source)) this.act.presence(source, false, performance.now());
    this.cameras = cameras;
    this.waking = waking;
    this.triggers = cameras.flatMap((c) =>
      (c.snapshot?.trigger ?? []).map((t) => ({
        camera: c.id,
        source: compileGlob(t.source),
        channel: compileGlob(t.channel),
      })),
    );
    // a held trigger of a camera that is gone is forgotten; the others keep their state (no snapshot on reload)
    for (const key of this.on) if (!cameras.some((c) => key.startsWith(`${c.id}|`))) this.on.delete(key);
  }

  get ids(): string[] {
    return this.cameras.map((c) => c.id);
  }

  signal(s: Signal): void {
    if (s.channel === 'presence' && this.waking.has(s.source)) this.act.presence(s.source, s.value === true, s.t);
    for (const t of this.triggers) {
      if (!t.source(s.source) || !t.channel(s.channel)) continue;
      const key = `${t.camera}|${s.source}|${s.channel}`;
      const active = isOn(s.value);
      // a trigger fires when it turns on, not again while it is held
      if (active && !this.on.has(key)) void this.snapshot(t.camera);
      if (active) this.on.add(key);
      else this.on.delete(key);
    }
  }

  sourceLost(source: string): void {
    if (this.waking.has(source)) this.act.presence(source, false, performance.now());
  }

  /** a snapshot from `camera`, or the first camera; rejects saying why there is none */
  async snapshot(camera?: string): Promise<void> {
    const id = camera ?? this.cameras[0]?.id;
    if (!id) throw new Error('no camera is configured (cameras: in the config)');
    if (!this.cameras.some((c) => c.id === id))
      throw new Error(`no camera "${id}"; configured: ${this.ids.join(', ')}`);
    try {
      await this.act.snapshot(id);
    } catch (err) {
      this.log.warn({ camera: id, err: (err as Error).message }, 'snapshot failed');
      throw err;
    }
  }
}
