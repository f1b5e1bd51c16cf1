import type { Namespace, Server, Socket } from 'socket.io';
import type { Frame } from '../core/world-model.ts';
import type { Logger } from '../core/log.ts';
import type { ExhibitCommands } from '../exhibit-commands.ts';
import { allowed, consoleLogin, sessionOf, type ConsoleSecurity } from './access.ts';
import { adminEvents } from './admin-events.ts';
import { may } from '../accounts/roles.ts';
import type { Projection } from '../projection.ts';
import { broadcastProjection, projectionHandlers } from './projection.ts';
import { showEditorHandlers } from './show-editor.ts';
import type { ShowEditor } from '../show/editor.ts';
import { broadcastOperations, greetOperations } from './operations.ts';
import type { Operations } from '../operations/operations.ts';
import { downscale, downscaleRgb } from './preview.ts';
import { speakerHandlers } from './speakers.ts';
import type { ConsoleToServer, InstructionEntry, ServerToConsole, StatusReport } from './protocol.ts';

/** What the console may do: the exhibit's commands, its status, and keys as a visitor would press them. */
export interface ConsoleControls {
  commands: ExhibitCommands;
  status(): StatusReport;
  /** the operator's keyboard, through the browser input driver */
  keys: {
    handle(origin: string, input: unknown, from: 'console'): void;
    release(origin: string, from: 'console'): void;
  };
  /** the key display pages on other machines present (shown to operators and admins) */
  displayKey(): string;
  /** the displays' projection mappings and test patterns (set up by admins) */
  projection?: Projection;
  /** the opening hours' overrides, where the exhibit has a schedule */
  hours?: { openNow(): Promise<void>; closeNow(): Promise<void> };
  /** record and replay input */
  rehearsal?: { handleOsc(address: string, value: string | boolean): boolean };
  /** the show's cue list, where the exhibit has one */
  show?: {
    goNow(): boolean;
    readonly cuePlayer: { start(n: string): boolean; stop(n?: string): void; panic(): void } | undefined;
    /** the cue editor of the show panel */
    readonly editor?: ShowEditor;
  };
  /** the metrics' history and the log's tail */
  operations?: Operations;
}

const STATUS_MS = 500;
const PREVIEW_MS = 200;
const PREVIEW_WIDTH = 320;
const CAMERA_MS = 500;
const CAMERA_WIDTH = 160;

/** The /console namespace: refused without the password (growing delays after wrong ones); status twice a second, a preview five times. */
export class ConsoleHub {
  private readonly nsp: Namespace<ConsoleToServer, ServerToConsole>;
  private readonly timer: NodeJS.Timeout;
  private lastPreview = 0;
  private readonly lastCamera = new Map<string, number>();
  private readonly offProjection: () => void = () => undefined;
  private readonly offOperations: () => void = () => undefined;

  constructor(
    io: Server,
    private readonly security: ConsoleSecurity,
    private readonly controls: ConsoleControls,
    private readonly log: Logger,
  ) {
    this.nsp = io.of('/console');
    this.nsp.use(consoleLogin(security));
    this.nsp.on('connection', (socket) => this.connected(socket));
    security.audit.added.on((entry) => this.nsp.emit('audit', entry));
    this.timer = setInterval(() => this.tick(), STATUS_MS);
    if (controls.projection) this.offProjection = broadcastProjection(this.nsp, controls.projection);
    if (controls.operations) this.offOperations = broadcastOperations(this.nsp, controls.operations);
  }

  private connected(socket: Socket<ConsoleToServer, ServerToConsole>): void {
    const { controls, log } = this;
    const { audit } = this.security;
    const session = sessionOf(socket);
    log.info({ address: socket.handshake.address, user: session.user, role: session.role }, 'console connected');
    this.greet(socket);
    const mayDo = (what: string, detail?: string, ack?: unknown) =>
      allowed(socket, audit, 'operate', what, detail, ack);
    socket.on('session:start', () => mayDo('start') && controls.commands.start());
    socket.on('session:reset', () => mayDo('reset') && controls.commands.reset());
    socket.on(
      'blackout',
      (on) => mayDo('blackout', on === true ? 'on' : 'off') && controls.commands.blackout(on === true),
    );
    socket.on('snapshot', (camera, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (!mayDo('snapshot', typeof camera === 'string' ? camera : undefined, ack)) return;
      controls.commands.snapshot(typeof camera === 'string' ? camera : undefined).then(
        () => reply({ ok: true }),
        (err: Error) => reply({ ok: false, error: err.message }),
      );
    });
    socket.on('instruct', (text, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (typeof text !== 'string' || !text.trim() || text.length > 500)
        return reply({ ok: false, error: 'an instruction is 1 to 500 characters of text' });
      if (!mayDo('instruct', text.trim(), ack)) return;
      const entry = controls.commands.instruct(text.trim());
      this.nsp.emit('instruction', entry);
      reply({ ok: true, entry });
    });
    // keys are not audited one by one: the first drive of a connection is
    let driving = false;
    socket.on('input', (i) => {
      if (!driving && !(driving = mayDo('drive from the preview'))) return;
      controls.keys.handle(`console-${socket.id}`, i, 'console');
    });
    socket.on('transport', (action, seconds) => {
      if (action !== 'pause' && action !== 'resume' && action !== 'rewind') return;
      const s = typeof seconds === 'number' && seconds > 0 && seconds <= 3600 ? seconds : 4;
      if (mayDo(action, action === 'rewind' ? `${s} s` : undefined)) controls.commands.transport(action, s);
    });
    socket.on('disconnect', () => controls.keys.release(`console-${socket.id}`, 'console'));
    speakerHandlers(socket, controls.commands, mayDo);
    adminEvents(socket, this.security);
    if (controls.projection) projectionHandlers(socket, controls.projection);
    if (may(session.role, 'operate')) this.showControls(socket);
    if (controls.show?.editor) showEditorHandlers(socket, controls.show.editor, this.security.audit);
  }

  /** who it is, the logs so far, the status and, for operators, the display key */
  private greet(socket: Socket<ConsoleToServer, ServerToConsole>): void {
    const { controls } = this;
    const session = sessionOf(socket);
    const { user, role, token, expiresAt } = session;
    socket.emit('session', { user, role, token, expiresAt });
    socket.emit('history', controls.commands.history());
    socket.emit('audit:history', this.security.audit.history());
    socket.emit('status', controls.status());
    if (controls.operations) greetOperations(socket, controls.operations);
    if (may(role, 'operate')) socket.emit('display-key', controls.displayKey());
  }

  /** status to every console; a console whose session expired is told so and let go */
  private tick(): void {
    if (!this.nsp.sockets.size) return;
    const now = Date.now();
    for (const socket of this.nsp.sockets.values()) {
      if (sessionOf(socket).expiresAt > now) continue;
      socket.emit('expired');
      socket.disconnect(true);
    }
    this.nsp.emit('status', this.controls.status());
  }

  /** bookmarks, cues, opening hours, rehearsal: the show control of the console */
  private showControls(socket: Socket<ConsoleToServer, ServerToConsole>): void {
    const { commands, hours } = this.controls;
    socket.on('bookmark', (name) => typeof name === 'string' && commands.bookmark(name.trim()));
    socket.on('recall', (name) => typeof name === 'string' && commands.recall(name.trim()));
    socket.on('cue', (verb, number) => this.cue(verb, number));
    socket.on('rehearsal', (verb) => this.rehearse(verb));
    socket.on('schedule', (verb) => void (verb === 'open' ? hours?.openNow() : verb === 'close' && hours?.closeNow()));
  }

  /** record, stop, replay the last recording: the same as over OSC */
  private rehearse(verb: unknown): void {
    const addresses: Record<string, string> = {
      record: '/nacre/record/start',
      stop: '/nacre/record/stop',
      replay: '/nacre/replay',
    };
    const address = typeof verb === 'string' && Object.hasOwn(addresses, verb) ? addresses[verb] : undefined;
    if (address) this.controls.rehearsal?.handleOsc(address, true);
  }

  /** GO, start or stop a cue, stop all, panic: from the console's show panel */
  private cue(verb: unknown, number: unknown): void {
    const show = this.controls.show;
    const n = typeof number === 'string' ? number : undefined;
    if (verb === 'go') show?.goNow();
    else if (verb === 'start' && n) show?.cuePlayer?.start(n);
    else if (verb === 'stop') show?.cuePlayer?.stop(n);
    else if (verb === 'panic') show?.cuePlayer?.panic();
  }

  /** an entry the runtime added itself (a world from a picture): every console shows it */
  announce(entry: InstructionEntry): void {
    this.nsp.emit('instruction', entry);
  }

  get clients(): number {
    return this.nsp.sockets.size;
  }

  preview(frame: Frame): void {
    const now = performance.now();
    if (!this.nsp.sockets.size || now - this.lastPreview < PREVIEW_MS) return;
    this.lastPreview = now;
    const small = downscale(frame, PREVIEW_WIDTH);
    this.nsp.volatile.emit(
      'preview',
      { width: small.width, height: small.height },
      Buffer.from(small.rgba.buffer) as unknown as ArrayBuffer,
    );
  }

  /** a page-hosted world's picture, as its page captured it */
  previewJpeg(meta: { width: number; height: number }, jpeg: Buffer): void {
    if (!this.nsp.sockets.size) return;
    this.nsp.volatile.emit('preview-jpeg', { width: meta.width, height: meta.height }, jpeg as unknown as ArrayBuffer);
  }

  /** a camera's picture, twice a second at most; the runtime only calls this for cameras with showOnConsole */
  cameraPreview(camera: string, frame: { data: Uint8Array; width: number; height: number }): void {
    const now = performance.now();
    if (!this.nsp.sockets.size || now - (this.lastCamera.get(camera) ?? -Infinity) < CAMERA_MS) return;
    this.lastCamera.set(camera, now);
    const small = downscaleRgb(frame, CAMERA_WIDTH);
    this.nsp.volatile.emit(
      'camera',
      { id: camera, width: small.width, height: small.height },
      Buffer.from(small.rgba.buffer) as unknown as ArrayBuffer,
    );
  }

  close(): void {
    clearInterval(this.timer);
    this.offProjection();
    this.offOperations();
    this.nsp.disconnectSockets(true);
  }
}
