import type { NacreConfig } from '../config/schema.ts';
import type { BrowserInputDriver } from '../drivers/browser/driver.ts';
import type { CameraHub } from './cameras.ts';
import type { SignalOrigin } from './core/driver.ts';
import { isMoved, isOn, type Signal } from './core/signals.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
import { compileGlob } from './mapping/glob.ts';
import type { ConditionStore } from './mapping/store.ts';
import type { RuntimeMetrics } from './metrics.ts';
import type { OscApi } from './osc-api.ts';
import type { SessionDriver } from './session-driver.ts';

interface WakeRule {
  source: (s: string) => boolean;
  channel: (s: string) => boolean;
}

const BROWSER: SignalOrigin = { kind: 'browser', capabilities: { wakesOnInput: true } };

/**
 * Where every signal goes: exhibit commands (the OSC dictionary) first, then the condition store, the wake
 * policy (a configured "visitor is here" signal that is on, or input from a kind of device that wakes the
 * kiosk) and the cameras' triggers and presence.
 */
export class InputRouter {
  private wake: WakeRule[] = [];
  private readonly counts = new Map<string, number>();

  constructor(
    wake: NacreConfig['input']['wake'],
    private readonly store: ConditionStore,
    private readonly session: SessionDriver,
    private readonly cameras: CameraHub,
    private readonly osc: OscApi,
    private readonly metrics: RuntimeMetrics,
    /** they hear every signal too: the show's GO signals, the input recorder */
    private readonly taps: { signal(s: Signal, from: SignalOrigin): void }[] = [],
  ) {
    this.setWake(wake);
  }

  /** the signals that count as a visitor arriving (input.wake), replaced by a config reload */
  setWake(wake: NacreConfig['input']['wake']): void {
    this.wake = wake.map((w) => ({ source: compileGlob(w.source), channel: compileGlob(w.channel) }));
  }

  connect(supervisor: Supervisor, browser: BrowserInputDriver): void {
    supervisor.onSignal((s, from) => this.route(s, from));
    supervisor.onSourceLost((source) => this.sourceLost(source));
    browser.onSignal((s) => this.route(s, BROWSER));
    browser.onSourceLost((source) => this.store.sourceLost(source));
  }

  route(s: Signal, from: SignalOrigin): void {
    this.metrics.signals.inc({ driver: from.kind });
    for (const tap of this.taps) tap.signal(s, from);
    this.counts.set(from.kind, (this.counts.get(from.kind) ?? 0) + 1);
    if (from.capabilities.exhibitCommands && this.osc.handle(s)) return;
    this.store.ingest(s);
    if (this.wakes(s, from)) this.session.visitorInput(s.t);
    this.cameras.signal(s);
  }

  /** signals routed so far, by kind of device */
  status(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  private sourceLost(source: string): void {
    this.store.sourceLost(source);
    this.cameras.sourceLost(source);
  }

  private wakes(s: Signal, from: SignalOrigin): boolean {
    if (from.capabilities.wakesOnInput && isMoved(s.value)) return true;
    return isOn(s.value) && this.wake.some((w) => w.source(s.source) && w.channel(s.channel));
  }
}
