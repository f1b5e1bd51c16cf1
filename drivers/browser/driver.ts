import type { PageInput } from '../../runtime/core/display-protocol.ts';
import { Emitter } from '../../runtime/core/emitter.ts';
import { logger, type Logger } from '../../runtime/core/log.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { BaseDriver } from '../base-driver.ts';

const KEY_CODE = /^[A-Za-z0-9]{1,24}$/;
const TOUCH_CHANNEL = /^[a-z][\w-]{0,23}$/;
const PAD_CHANNEL = /^([a-z][a-z0-9]{0,15}|(button|axis):\d{1,2})$/;

/**
 * Keyboard and touch from display pages and the console, as Signals like any device's.
 * Each page is its own source (`browser:<page>`); a page that blurs or goes away releases everything it
 * held, so nothing keeps walking.
 *
 * Nothing to connect: it is open from the start (`openNow: false` leaves that to open(), as the driver contract
 * does), and input that arrives while it is closed is ignored. Its pages come and go by themselves, so it is
 * never lost; each page's own loss is `onSourceLost`.
 */
export class BrowserInputDriver extends BaseDriver {
  readonly id = 'browser';
  readonly kind = 'browser';
  private readonly held = new Map<string, Set<string>>();
  private readonly pads = new Map<string, Map<string, Signal['value']>>();
  private readonly sourcesLost: Emitter<[string]>;
  rejected = 0;

  constructor(opts: { log?: Logger; openNow?: boolean } = {}) {
    const log = opts.log ?? logger('driver:browser');
    super(log, 'browser');
    this.sourcesLost = new Emitter('browser source-lost', log);
    if (opts.openNow ?? true) this.openAtOnce();
  }

  /** a source went away: its conditions return to their fallback */
  onSourceLost(fn: (source: string) => void): () => void {
    return this.sourcesLost.on(fn);
  }

  /** every page's input is released when the driver closes */
  protected async connect(): Promise<void> {}

  protected async disconnect(): Promise<void> {
    this.held.clear();
    this.pads.clear();
  }

  get sources(): number {
    return this.held.size;
  }

  /** input from a page (or, with `from` 'console', the operator console); anything malformed is counted and ignored */
  handle(page: string, input: unknown, from: 'browser' | 'console' = 'browser'): void {
    if (this.state !== 'open') return;
    const source = `${from}:${page}`;
    const i = input as PageInput;
    if (i?.kind === 'key' && typeof i.code === 'string' && KEY_CODE.test(i.code) && typeof i.down === 'boolean') {
      return this.key(source, `key:${i.code}`, i.down);
    }
    if (i?.kind === 'touch' && typeof i.channel === 'string' && TOUCH_CHANNEL.test(i.channel) && validTouch(i.value)) {
      return this.emit(source, `touch:${i.channel}`, i.value);
    }
    if (
      i?.kind === 'pad' &&
      Number.isInteger(i.pad) &&
      i.pad >= 0 &&
      i.pad < 16 &&
      typeof i.channel === 'string' &&
      PAD_CHANNEL.test(i.channel) &&
      validPad(i.value)
    ) {
      return this.pad(`gamepad:${page}/${i.pad}`, i.channel, i.value);
    }
    if (i?.kind === 'release-all') return this.release(page, from);
    this.rejected++;
  }

  /** everything the page held goes up, then the source is reported lost */
  release(page: string, from: 'browser' | 'console' = 'browser'): void {
    const source = `${from}:${page}`;
    for (const channel of this.held.get(source) ?? []) this.emit(source, channel, false);
    this.held.delete(source);
    this.sourcesLost.emit(source);
    for (const [padSource, held] of this.pads) {
      if (!padSource.startsWith(`gamepad:${page}/`)) continue;
      for (const [channel, value] of held) this.emit(padSource, channel, neutral(value));
      this.pads.delete(padSource);
      this.sourcesLost.emit(padSource);
    }
  }

  /** the browser's pads are sources of their own (`gamepad:<page>/<n>`), so the gamepad mappings apply to them */
  private pad(source: string, channel: string, value: [number, number] | number | boolean): void {
    const held = this.pads.get(source) ?? new Map<string, Signal['value']>();
    this.pads.set(source, held);
    held.set(channel, value);
    this.emit(source, channel, value);
  }

  private key(source: string, channel: string, down: boolean): void {
    const held = this.held.get(source) ?? new Set<string>();
    this.held.set(source, held);
    if (down) held.add(channel);
    else held.delete(channel);
    this.emit(source, channel, down);
  }

  private emit(source: string, channel: string, value: Signal['value']): void {
    this.emitSignal({ source, channel, value, t: performance.now() });
  }
}

function validTouch(v: unknown): v is [number, number] | boolean {
  if (typeof v === 'boolean') return true;
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= 1)
  );
}

function validPad(v: unknown): v is [number, number] | number | boolean {
  const unit = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= 1;
  return typeof v === 'boolean' || unit(v) || (Array.isArray(v) && v.length === 2 && v.every(unit));
}

function neutral(v: Signal['value']): Signal['value'] {
  if (Array.isArray(v)) return v.map(() => 0);
  return typeof v === 'number' ? 0 : false;
}
