import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import type { NacreConfig } from '../config/schema.ts';
import { OPERATOR_KEYBOARD, WANDER_KEYBOARD } from '../config/keyboard.ts';
import { WANDER_GAMEPAD } from '../config/gamepad.ts';
import { IMAGE_STYLE } from '../models/conditions.ts';
import type { RgbImage } from './core/world-model.ts';
import { CameraHub } from './cameras.ts';
import { BrowserInputDriver } from '../drivers/browser/driver.ts';
import { OutputBindings } from './output-bindings.ts';
import { compileGlob } from './mapping/glob.ts';
import { ProjectorOutput, type PageSocket } from '../displays/projector/output.ts';
import type { ModelHealth } from './core/display-protocol.ts';
import { SpeakerOutput } from '../displays/speaker/output.ts';
import type { Output } from './core/output.ts';
import { ConsoleHub } from './console/server.ts';
import { resolveConsolePassword, type ConsolePassword } from './console/password.ts';
import { createHttpApp } from './http/app.ts';
import { InstructionLog } from './instructions.ts';
import type { Logger } from './core/log.ts';
import { ModelKeeper } from './loop/model-keeper.ts';
import { loadWorldModel } from '../models/backends.ts';
import { WorldLoop } from './loop/world-loop.ts';
import { ConditionStore } from './mapping/store.ts';
import { RuntimeMetrics } from './metrics.ts';
import { OscApi } from './osc-api.ts';
import { SessionDriver } from './session-driver.ts';
import { buildStatus } from './status.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
import { superviseDevices } from './devices.ts';
import type { Signal, Value } from './core/signals.ts';

export interface RuntimeHandle {
  url: string;
  password: ConsolePassword;
  close(): Promise<void>;
}

/** Everything of one exhibit, wired along DESIGN.md's one flow: drivers -> mapping -> model -> outputs. */
export class Runtime {
  readonly store: ConditionStore;
  readonly browser = new BrowserInputDriver();
  readonly supervisor: Supervisor;
  private readonly osc: OscApi;
  private readonly bindings: OutputBindings;
  private readonly wake: { source: (s: string) => boolean; channel: (s: string) => boolean }[];
  readonly keeper: ModelKeeper;
  readonly loop: WorldLoop;
  readonly session: SessionDriver;
  readonly projectors: ProjectorOutput[];
  readonly outputs: Output[];
  readonly instructions = new InstructionLog();
  readonly metrics: RuntimeMetrics;
  blackout = false;
  private io: SocketServer | undefined;
  private http: HttpServer | undefined;
  private hub: ConsoleHub | undefined;
  private lastStyle: string | undefined;
  readonly cameras: CameraHub;

  constructor(readonly config: NacreConfig, private readonly log: Logger) {
    const defaults = [...(config.input.keyboard === 'wander' ? WANDER_KEYBOARD : []), ...(config.input.gamepad === 'wander' ? WANDER_GAMEPAD : [])];
    const mappings = [...defaults, ...OPERATOR_KEYBOARD, ...config.mappings];
    this.store = new ConditionStore({ mappings, ...(config.conditions ? { fallbacks: config.conditions.fallbacks } : {}) });
    this.projectors = config.displays.map((d) => new ProjectorOutput(d));
    const speakers = config.speakers.map((s) => new SpeakerOutput(s, log.child({ ns: `output:${s.id}` })));
    this.outputs = [...this.projectors, ...speakers];
    this.metrics = new RuntimeMetrics(() => this.status());
    const seed = () => Math.floor(Math.random() * 100_000);
    const modelLog = log.child({ ns: 'model' });
    const m = config.model;
    this.keeper = new ModelKeeper(
      () => loadWorldModel(m.path, { provider: m.provider, lookahead: m.lookahead, log: modelLog, ...(m.threads ? { threads: m.threads } : {}) }),
      () => ({ seed: seed(), ...(this.lastStyle ? { style: this.lastStyle } : {}) }),
      modelLog,
    );
    this.session = new SessionDriver(config.session, {
      resetWorld: async () => {
        const style = this.keeper.session?.style;
        if (style && style !== IMAGE_STYLE) this.lastStyle = style;
        // a model that is restarting comes back with a fresh world anyway: nothing else to do then
        await this.keeper.resetWorld().catch((err: Error) => this.log.warn({ err: err.message }, 'world reset failed'));
      },
      overlay: (o) => {
        this.displays()?.emit('overlay', o);
        this.feedback('/nacre/session/state', o.phase);
      },
    });
    this.loop = new WorldLoop(this.keeper, this.loopHooks(), log.child({ ns: 'loop' }));
    this.supervisor = superviseDevices(
      config,
      {
        snapshot: (id, image) => void this.worldFromImage(image, `camera ${id}`).catch((err: Error) => this.log.warn({ err: err.message }, 'world from a picture failed')),
        // the driver calls this only for a camera configured with showOnConsole
        preview: (id, frame) => this.hub?.cameraPreview(id, frame),
      },
      log,
    );
    this.cameras = new CameraHub(config.cameras, { snapshot: (id) => this.supervisor.write(id, 'snapshot', true), presence: (source, here, t) => this.session.presence(source, here, t) }, log.child({ ns: 'cameras' }));
    this.bindings = new OutputBindings(config.outputs, (device, channel, value) => this.supervisor.write(device, channel, value));
    this.wake = config.input.wake.map((w) => ({ source: compileGlob(w.source), channel: compileGlob(w.channel) }));
    this.osc = new OscApi({
      store: this.store,
      instruct: (text) => this.instruct(text),
      start: () => this.session.operatorStart(),
      reset: () => this.session.operatorReset(),
      blackout: (on) => this.setBlackout(on),
      snapshot: (camera) => this.cameras.snapshot(camera),
    });
    this.wireInputs();
    this.keeper.onHealth((s, err) => this.onModelHealth(s, err));
  }

  async start(port: number, host: string): Promise<RuntimeHandle> {
    const password = await resolveConsolePassword(this.config.console.password, this.config.stateDir);
    await this.keeper.start();
    const app = createHttpApp({ displays: () => this.projectors.map((p) => p.id), status: () => this.status(), metrics: this.metrics.registry, password: password.password });
    this.http = createServer(app);
    this.io = new SocketServer(this.http, { maxHttpBufferSize: 64 * 1024 });
    this.hub = new ConsoleHub(this.io, password.password, this.consoleControls(), this.log.child({ ns: 'console' }));
    this.attachDisplays(this.io);
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(port, host, () => resolve());
    });
    this.loop.start();
    this.supervisor.start();
    const address = this.http.address() as AddressInfo;
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return { url: `http://${shown}:${address.port}`, password, close: () => this.close() };
  }

  status() {
    return buildStatus(this);
  }

  get consoleClients(): number {
    return this.hub?.clients ?? 0;
  }

  async close(): Promise<void> {
    await this.supervisor.stop();
    await this.loop.stop();
    this.session.close();
    this.hub?.close();
    await Promise.all(this.outputs.map((o) => o.close()));
    await this.keeper.close();
    this.io?.close();
    await new Promise<void>((resolve) => (this.http?.listening ? this.http.close(() => resolve()) : resolve()));
  }

  private displays() {
    return this.io?.of('/display');
  }

  private loopHooks() {
    return {
      conditions: (now: number) => this.session.conditions(now, this.store),
      taken: (now: number) => {
        this.store.consume();
        this.session.tick(now);
        this.bindings.update(this.session.now.phase, this.session.lastConditions);
      },
      frame: (f: Parameters<Output['presentFrame'] & {}>[0]) => {
        this.metrics.steps.inc();
        if (!this.blackout) for (const o of this.outputs) o.presentFrame?.(f);
        this.hub?.preview(f);
      },
      measured: (runMs: number) => this.metrics.stepSeconds.observe(runMs / 1000),
      audio: (c: Parameters<Output['presentAudio'] & {}>[0]) => {
        if (!this.blackout) for (const o of this.outputs) o.presentAudio?.(c);
      },
    };
  }

  private wireInputs(): void {
    this.supervisor.onSignal((s) => {
      this.metrics.signals.inc({ driver: s.source.split(':')[0] ?? 'device' });
      if (s.source.startsWith('osc:') && this.osc.handle(s)) return;
      this.store.ingest(s);
      if (this.wakes(s) || (s.source.startsWith('gamepad:') && isActiveInput(s.value))) this.session.visitorInput(s.t);
      this.cameras.signal(s);
    });
    this.supervisor.onSourceLost((source) => {
      this.store.sourceLost(source);
      this.cameras.sourceLost(source);
    });
    this.browser.onSignal((s) => {
      this.metrics.signals.inc({ driver: 'browser' });
      this.store.ingest(s);
      if (isActiveInput(s.value)) this.session.visitorInput(s.t);
      this.cameras.signal(s);
    });
    this.browser.onSourceLost((source) => this.store.sourceLost(source));
  }

  private attachDisplays(io: SocketServer): void {
    io.of('/display').on('connection', (socket: PageSocket) => {
      const id = String(socket.handshake.query.id ?? '');
      const projector = this.projectors.find((p) => p.id === id);
      if (!projector) return void socket.disconnect(true);
      projector.attach(socket);
      socket.emit('overlay', this.session.overlay(performance.now()));
      socket.emit('blackout', this.blackout);
      socket.emit('health', this.health());
      const origin = `${id}:${socket.id}`;
      socket.on('input', (i) => this.browser.handle(origin, i));
      socket.on('disconnect', () => this.browser.release(origin));
    });
  }

  private consoleControls() {
    return {
      status: () => this.status(),
      start: () => this.session.operatorStart(),
      reset: () => this.session.operatorReset(),
      blackout: (on: boolean) => this.setBlackout(on),
      snapshot: (camera?: string) => this.cameras.snapshot(camera),
      instruct: (text: string) => this.instruct(text),
      history: () => this.instructions.all(),
      input: (origin: string, i: unknown) => this.browser.handle(origin, i, 'console'),
      release: (origin: string) => this.browser.release(origin, 'console'),
    };
  }

  /** a configured "visitor is here" signal (a proximity sensor, a start button) that is on */
  private wakes(s: Signal): boolean {
    const on = s.value === true || (typeof s.value === 'number' && s.value > 0.5);
    return on && this.wake.some((w) => w.source(s.source) && w.channel(s.channel));
  }

  setBlackout(on: boolean): void {
    this.blackout = on;
    this.displays()?.emit('blackout', on);
    this.log.info({ on }, 'blackout');
  }

  /** to the OSC controller in osc.feedback, when there is one; a failed send is the supervisor's to report */
  private feedback(address: string, value: Value): void {
    if (this.config.osc?.feedback) this.supervisor.write(this.config.osc.id, address, value).catch(() => undefined);
  }

  /** a text instruction reaches the running world as a prompt event, without a restart */
  instruct(text: string) {
    const session = this.keeper.session;
    const ack = session ? session.instruct({ text }) : { accepted: false, effect: 'the world model is restarting; try again in a moment' };
    this.metrics.instructions.inc({ accepted: String(ack.accepted) });
    const entry = this.instructions.add(text, ack.accepted, ack.effect);
    this.feedback('/nacre/prompt/current', text);
    if (session?.style) this.feedback('/nacre/style/current', session.style);
    this.log.info({ text, ...ack }, 'instruction');
    return entry;
  }

  /** a new world from a picture (a camera snapshot): the model's init.onnx takes it, the picture is not kept */
  async worldFromImage(image: RgbImage, from: string): Promise<void> {
    const init = this.keeper.manifest?.init;
    if (!init?.inputs.includes('image')) {
      this.hub?.announce(this.instructions.add(`new world from ${from}`, false, `model "${this.keeper.manifest?.name ?? '?'}" cannot start from a picture`));
      return;
    }
    // the picture starts one world and is then dropped: no camera frame is kept
    await this.keeper.resetWorld({ image });
    const style = this.keeper.session?.style;
    this.hub?.announce(this.instructions.add(`new world from ${from}`, true, `started from a ${image.width}x${image.height} picture${style ? `, style ${style}` : ''}`));
    this.log.info({ from }, 'new world from a picture');
  }

  private health(): ModelHealth {
    return this.keeper.state === 'running' ? { state: 'running' } : { state: 'failed', message: this.keeper.lastError ?? 'starting' };
  }

  private onModelHealth(state: string, err?: Error): void {
    if (state === 'running' && this.keeper.restarts > 0) this.metrics.restarts.inc();
    this.session.modelHealth(state === 'running', performance.now());
    this.displays()?.emit('health', this.health());
    if (err) this.log.warn({ err: err.message }, 'displays show their fallback while the model restarts');
  }
}

/** a key or button down, a stick or trigger off its rest: a visitor is there */
function isActiveInput(v: Value): boolean {
  return v === true || (typeof v === 'number' && v !== 0) || (Array.isArray(v) && v.some((x) => x !== 0));
}
