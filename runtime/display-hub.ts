import type { Server as SocketServer, Namespace } from 'socket.io';
import type { SessionOverlay, ModelHealth, SurfaceLink } from './core/display-protocol.ts';
import type { Logger } from './core/log.ts';
import type { Output } from './core/output.ts';
import type { AudioChunk, Frame } from './core/world-model.ts';
import type { BrowserInputDriver } from '../drivers/browser/driver.ts';
import type { PageSocket, ProjectorOutput } from '../displays/projector/output.ts';

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
  private nsp: Namespace | undefined;
  /** a world a page hosts (HappyOyster): the pages of the first display host it */
  private link: SurfaceLink | undefined;
  private offLink: (() => void) | undefined;
  private sentSurface: string | null = null;
  private sentCommand = '';
  private readonly hosts = new Set<PageSocket>();

  constructor(
    private readonly projectors: readonly ProjectorOutput[],
    readonly outputs: readonly Output[],
    private readonly browser: BrowserInputDriver,
    private readonly state: DisplayHubState,
    private readonly log: Logger,
  ) {}

  get blackout(): boolean {
    return this.dark;
  }

  get ids(): string[] {
    return this.projectors.map((p) => p.id);
  }

  attach(io: SocketServer): void {
    this.nsp = io.of('/display');
    this.nsp.on('connection', (socket: PageSocket) => this.connect(socket));
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
    return Promise.all(this.outputs.map((o) => o.close())).then(() => undefined);
  }

  private connect(socket: PageSocket): void {
    const id = String(socket.handshake.query.id ?? '');
    const projector = this.projectors.find((p) => p.id === id);
    if (!projector) return void socket.disconnect(true);
    projector.attach(socket);
    socket.emit('overlay', this.state.overlay());
    socket.emit('blackout', this.dark);
    socket.emit('health', this.health());
    const origin = `${id}:${socket.id}`;
    socket.on('input', (i) => this.browser.handle(origin, i));
    socket.on('disconnect', () => {
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
        this.log.info({ display: id, ...r }, 'display player report');
        this.link?.report(r);
      });
    }
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
