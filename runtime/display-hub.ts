import type { Server as SocketServer, Namespace } from 'socket.io';
import type {
  ContinueAck,
  SessionOverlay,
  ModelHealth,
  SurfaceLink,
  SurfacePreviewMeta,
} from './core/display-protocol.ts';
import { Emitter } from './core/emitter.ts';
import { checkSurfacePreview } from './surface-preview.ts';
import type { SurfaceRecorder } from './surface-recorder.ts';
import type { Logger } from './core/log.ts';
import type { Output } from './core/output.ts';
import type { AudioChunk, Frame } from './core/world-model.ts';
import type { BrowserInputDriver } from '../drivers/browser/driver.ts';
import type { PageSocket, ProjectorOutput } from '../displays/projector/output.ts';
import { PageHeartbeats } from './page-heartbeats.ts';

export interface DisplayHubState {
  overlay(): SessionOverlay;
  /** the model's health; `surface` when the running world is one a page hosts (it is not sent to pages) */
  health(): ModelHealth & { surface?: SurfaceLink };
}

/**
 * The /display namespace and the fan-out to every output: display pages get frames, audio, the session's
 * overlay, blackout and the model's health; their keys and touches go to the browser input driver.
 * Blackout holds here, so neither a projector nor a speaker gets anything while it is on.
 */
export class DisplayHub {
  private dark = false;
  /** the closed picture's address while the exhibit is closed and has one */
  private closedPicture: string | null = null;
  private nsp: Namespace | undefined;
  /** a world a page hosts (HappyOyster): the pages of the first display host it */
  private link: SurfaceLink | undefined;
  private offLink: (() => void) | undefined;
  private sentSurface: string | null = null;
  private sentCommand = '';
  private readonly hosts = new Set<PageSocket>();
  /** the hosted world's picture, as its page captured it (the console shows it) */
  readonly surfacePreview: Emitter<[SurfacePreviewMeta, Buffer]>;
  private previewsRefused = 0;
  /** where a hosted world's recording goes, when the runtime keeps one */
  recorder: SurfaceRecorder | undefined;
  /** a frozen page's held input is released after a second without its heartbeat */
  readonly heartbeats: PageHeartbeats;
  /** whether a page may steer (runtime/security/display-key.ts); pages that may not are view only */
  private steers: (address: string, key: unknown) => boolean = () => true;
  /** inputs dropped from pages that may not steer */
  refusedInputs = 0;
  /** a continue code typed at a page that may steer (runtime/visits/continue.ts); unset: visits are not kept */
  continueCode: ((display: string, address: string, code: unknown) => Promise<ContinueAck>) | undefined;

  constructor(
    private readonly projectors: readonly ProjectorOutput[],
    readonly outputs: readonly Output[],
    private readonly browser: BrowserInputDriver,
    private readonly state: DisplayHubState,
    private readonly log: Logger,
  ) {
    this.surfacePreview = new Emitter('surface preview', log);
    this.heartbeats = new PageHeartbeats((origin) => this.browser.release(origin));
  }

  get blackout(): boolean {
    return this.dark;
  }

  get ids(): string[] {
    return this.projectors.map((p) => p.id);
  }

  attach(io: SocketServer, steers?: (address: string, key: unknown) => boolean): void {
    if (steers) this.steers = steers;
    this.nsp = io.of('/display');
    this.nsp.on('connection', (socket: PageSocket) => this.connect(socket));
    this.heartbeats.start();
  }

  presentFrame(frame: Frame): void {
    if (this.dark) return;
    for (const o of this.outputs) o.presentFrame?.(frame);
  }

  presentAudio(chunk: AudioChunk): void {
    if (this.dark) return;
    for (const o of this.outputs) o.presentAudio?.(chunk);
  }

  /** `fadeSeconds`: the pages fade to black (or back) over this long; speakers follow at once */
  setBlackout(on: boolean, fadeSeconds = 0): void {
    this.dark = on;
    this.nsp?.emit('blackout', on, fadeSeconds);
    this.log.info({ on, fadeSeconds }, 'blackout');
  }

  /** closed with a picture (the pages draw it, whatever carries their frames), or not: null */
  setClosedPicture(address: string | null): void {
    if (address === this.closedPicture) return;
    this.closedPicture = address;
    this.nsp?.emit('closed', address);
  }

  showOverlay(o: SessionOverlay): void {
    this.nsp?.emit('overlay', o);
  }

  showHealth(): void {
    this.nsp?.emit('health', this.health());
    this.syncSurface();
  }

  status() {
    return this.outputs.map((o) => ({
      id: o.id,
      kind: o.kind,
      state: o.state,
      ...('clients' in o ? { clients: (o as { clients: number }).clients } : {}),
      ...o.stats(),
    }));
  }

  close(): Promise<void> {
    this.offLink?.();
    this.heartbeats.stop();
    return Promise.all([...this.outputs.map((o) => o.close()), this.recorder?.close()]).then(() => undefined);
  }

  private connect(socket: PageSocket): void {
    const id = String(socket.handshake.query.id ?? '');
    const projector = this.projectors.find((p) => p.id === id);
    if (!projector) return void socket.disconnect(true);
    projector.attach(socket);
    socket.emit('overlay', this.state.overlay());
    socket.emit('blackout', this.dark);
    socket.emit('closed', this.closedPicture);
    socket.emit('health', this.health());
    const origin = `${id}:${socket.id}`;
    const paired = this.steers(socket.handshake.address, (socket.handshake.auth as { key?: unknown }).key);
    socket.emit('paired', paired);
    socket.on('input', (i) => (paired ? this.browser.handle(origin, i) : this.refusedInputs++));
    socket.on('continue', (code, ack) => void this.continued(id, paired && socket.handshake.address, code, ack));
    socket.on('alive', () => this.heartbeats.seen(origin));
    socket.on('disconnect', () => {
      this.heartbeats.gone(origin);
      this.browser.release(origin);
      this.hosts.delete(socket);
    });
    if (id === this.projectors[0]?.id) {
      this.hosts.add(socket);
      this.syncSurface();
      const s = this.link?.surface;
      socket.emit('surface', s ?? null);
      if (s && this.link) socket.emit('surface-command', this.link.command);
      socket.on('surface', (r) => {
        if (!paired) return void this.refusedInputs++;
        this.log.info({ display: id, ...r }, 'display player report');
        this.link?.report(r);
      });
      socket.on('surface-preview', (meta, jpeg) => this.preview(id, meta, jpeg));
    }
  }

  private async continued(id: string, steering: string | false, code: unknown, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') return;
    const reply = ack as (a: ContinueAck) => void;
    if (!this.continueCode) return reply({ ok: false, reason: 'failed', error: 'visits are not kept here' });
    if (steering === false) {
      this.refusedInputs++;
      return reply({ ok: false, reason: 'view-only', error: 'this display is view only (no display key)' });
    }
    reply(await this.continueCode(id, steering, code));
  }

  /** a piece of the hosted world's recording (posted by its page); false when refused */
  recordingPiece(meta: { id: string; seq: number; last: boolean }, piece: Buffer): boolean {
    return this.recorder?.piece(meta, piece, this.link?.surface?.id) ?? false;
  }

  private preview(display: string, meta: unknown, jpeg: unknown): void {
    const checked = checkSurfacePreview(meta, jpeg, this.link?.surface?.id);
    if ('meta' in checked) return this.surfacePreview.emit(checked.meta, checked.jpeg);
    // a stale one (the visit changed) is expected now and then; anything else is counted and logged rarely
    if (++this.previewsRefused % 100 === 1)
      this.log.warn({ display, why: checked.refused, refused: this.previewsRefused }, 'surface preview refused');
  }

  /** the page-facing health, without the surface link */
  private health(): ModelHealth {
    const { surface: _link, ...health } = this.state.health();
    return health;
  }

  /** follows the running world's page surface: the host pages get it, its held command, or null */
  /** the world's session changed (a new visit, the fallback): link the pages to what it hosts, if anything */
  syncSurface(): void {
    const link = this.state.health().surface;
    if (link !== this.link) {
      this.offLink?.();
      this.link = link;
      this.offLink = link?.onChange(() => this.pushSurface());
    }
    this.pushSurface();
  }

  private pushSurface(): void {
    const s = this.link?.surface;
    const key = s ? `${s.id}/${s.ticket}` : null;
    if (key !== this.sentSurface) {
      this.sentSurface = key;
      this.sentCommand = '';
      for (const h of this.hosts) h.emit('surface', s ?? null);
    }
    if (!s || !this.link) return;
    const c = this.link.command;
    const ckey = `${c.translation}/${c.rotation}/${c.interaction}`;
    if (ckey === this.sentCommand) return;
    this.sentCommand = ckey;
    for (const h of this.hosts) h.emit('surface-command', c);
  }
}
