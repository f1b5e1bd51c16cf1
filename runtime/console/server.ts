import type { Namespace, Server, Socket } from 'socket.io';
import type { Frame } from '../core/world-model.ts';
import type { Logger } from '../core/log.ts';
import type { ExhibitCommands } from '../exhibit-commands.ts';
import { passwordMatches } from './password.ts';
import { downscale, downscaleRgb } from './preview.ts';
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
  /** the opening hours' overrides, where the exhibit has a schedule */
  hours?: { openNow(): Promise<void>; closeNow(): Promise<void> };
  /** record and replay input */
  rehearsal?: { handleOsc(address: string, value: string | boolean): boolean };
  /** the show's cue list, where the exhibit has one */
  show?: {
    goNow(): boolean;
    readonly cuePlayer: { start(n: string): boolean; stop(n?: string): void; panic(): void } | undefined;
  };
}

const STATUS_MS = 500;
const PREVIEW_MS = 200;
const PREVIEW_WIDTH = 320;
const CAMERA_MS = 500;
const CAMERA_WIDTH = 160;

/** The /console namespace: refused without the password; status twice a second, a preview five times. */
export class ConsoleHub {
  private readonly nsp: Namespace<ConsoleToServer, ServerToConsole>;
  private readonly timer: NodeJS.Timeout;
  private lastPreview = 0;
  private readonly lastCamera = new Map<string, number>();

  constructor(
    io: Server,
    password: string,
    private readonly controls: ConsoleControls,
    private readonly log: Logger,
  ) {
    this.nsp = io.of('/console');
    this.nsp.use((socket, next) => {
      if (passwordMatches(password, socket.handshake.auth?.password)) return next();
      log.warn({ address: socket.handshake.address }, 'console connection refused: wrong or missing password');
      next(new Error('unauthorized'));
    });
    this.nsp.on('connection', (socket) => {
      log.info({ address: socket.handshake.address }, 'console connected');
      socket.emit('history', controls.commands.history());
      socket.emit('status', controls.status());
      socket.on('session:start', () => controls.commands.start());
      socket.on('session:reset', () => controls.commands.reset());
      socket.on('blackout', (on) => controls.commands.blackout(on === true));
      socket.on('snapshot', (camera, ack) => {
        const reply = typeof ack === 'function' ? ack : () => undefined;
        controls.commands.snapshot(typeof camera === 'string' ? camera : undefined).then(
          () => reply({ ok: true }),
          (err: Error) => reply({ ok: false, error: err.message }),
        );
      });
      socket.on('instruct', (text, ack) => {
        const reply = typeof ack === 'function' ? ack : () => undefined;
        if (typeof text !== 'string' || !text.trim() || text.length > 500)
          return reply({ ok: false, error: 'an instruction is 1 to 500 characters of text' });
        const entry = controls.commands.instruct(text.trim());
        this.nsp.emit('instruction', entry);
        reply({ ok: true, entry });
      });
      socket.on('transport', (action, seconds) => {
        if (action !== 'pause' && action !== 'resume' && action !== 'rewind') return;
        const s = typeof seconds === 'number' && seconds > 0 && seconds <= 3600 ? seconds : 4;
        controls.commands.transport(action, s);
      });
      this.showControls(socket);
      socket.on('input', (i) => controls.keys.handle(`console-${socket.id}`, i, 'console'));
      socket.on('disconnect', () => controls.keys.release(`console-${socket.id}`, 'console'));
    });
    this.timer = setInterval(() => this.nsp.sockets.size && this.nsp.emit('status', controls.status()), STATUS_MS);
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
    this.nsp.disconnectSockets(true);
  }
}
