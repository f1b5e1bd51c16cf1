import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type { Server as SocketServer } from 'socket.io';
import { socketServerFor } from './http/socket-server.ts';
import type { NacreConfig } from '../config/schema.ts';
import { BrowserInputDriver } from '../drivers/browser/driver.ts';
import type { CameraHooks } from '../drivers/camera/driver.ts';
import { buildConsoleSecurity } from './accounts/security.ts';
import { CommandAudit } from './accounts/command-audit.ts';
import type { ConsoleSecurity } from './console/access.ts';
import { CameraHub } from './cameras.ts';
import { Checkpointer } from './checkpoint/checkpointer.ts';
import { positionKeeper } from './checkpoint/position.ts';
import { resolveConsolePassword, type ConsolePassword } from './console/password.ts';
import { ConsoleHub } from './console/server.ts';
import type { Logger } from './core/log.ts';
import type { ModelState } from './core/world-model.ts';
import { superviseDevices, type SupervisedDevices } from './devices.ts';
import { startReloader, type ConfigReloader } from './config-reload/reloader.ts';
import { DisplayHub } from './display-hub.ts';
import { ExhibitControl } from './exhibit-commands.ts';
import { buildOutputs, buildStore, followSessions } from './exhibit-parts.ts';
import { createHttpApp } from './http/app.ts';
import { pageServiceOrigins } from '../models/happyoyster/spec.ts';
import { closeServer, listen } from './http/listen.ts';
import { InputRouter } from './input-router.ts';
import { DisplayKey } from './security/display-key.ts';
import { createWebServer } from './security/tls.ts';
import { WorldLoop } from './loop/world-loop.ts';
import type { ConditionStore } from './mapping/store.ts';
import { RuntimeMetrics } from './metrics.ts';
import { OscApi, oscVerbs } from './osc-api.ts';
import { OscFeedback } from './osc-feedback.ts';
import { OutputBindings } from './output-bindings.ts';
import { Projection } from './projection.ts';
import type { FrameChannels } from '../displays/projector/transport/channel.ts';
import type { PhonesHub } from './phones/hub.ts';
import type { VisitBook } from './visits/book.ts';
import { Visitors } from './visitors.ts';
import { SessionDriver } from './session-driver.ts';
import { buildStatus } from './status.ts';
import { Operations } from './operations/operations.ts';
import { StepFlow } from './step-flow.ts';
import { SurfaceRecorder } from './surface-recorder.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
import type { Rehearsal } from './rehearsal/rehearsal.ts';
import type { OpeningHours } from './schedule/opening.ts';
import type { ShowControl } from './show/show-control.ts';
import { buildHours, buildRehearsal, buildShow, buildTransport } from './show-parts.ts';
import type { RuntimeTransport } from './transport/runtime-transport.ts';
import { WorldDirector } from './world-director.ts';

export interface RuntimeHandle {
  url: string;
  password: ConsolePassword;
  close(): Promise<void>;
}

/** One exhibit: builds its parts and connects them along DESIGN.md's one flow (drivers -> mapping -> model -> outputs). */
export class Runtime {
  readonly store: ConditionStore;
  readonly browser = new BrowserInputDriver();
  readonly metrics = new RuntimeMetrics(() => this.status());
  readonly supervisor: Supervisor;
  readonly world: WorldDirector;
  readonly session: SessionDriver;
  readonly displays: DisplayHub;
  readonly cameras: CameraHub;
  readonly commands: ExhibitControl;
  readonly loop: WorldLoop;
  readonly osc: OscApi;
  readonly projection: Projection;
  private readonly channels: FrameChannels;
  readonly checkpoints: Checkpointer;
  readonly transport: RuntimeTransport;
  readonly show: ShowControl | undefined;
  readonly hours: OpeningHours | undefined;
  readonly rehearsal: Rehearsal;
  private readonly router: InputRouter;
  private readonly devices: SupervisedDevices;
  private readonly feedback: OscFeedback;
  /** who did what (console, HTTP and OSC commands, config reloads), once started */
  audit: ConsoleSecurity['audit'] | undefined;
  /** the config file watched and reloaded (watchConfig) */
  reloader: ConfigReloader | undefined;
  /** visitors' phones, when config.phones.enabled */
  readonly phones: PhonesHub | undefined;
  /** each visit recorded, when config.phones.recording.enabled */
  readonly visits: VisitBook | undefined;
  readonly visitors: Visitors;
  private readonly flow: StepFlow;
  private io: SocketServer | undefined;
  private http: HttpServer | undefined;
  private console: ConsoleHub | undefined;

  /** the metrics' history, the log's tail (its logger is the one every part gets) and the /metrics figures */
  readonly operations: Operations;

  constructor(
    /** what runs now: a config reload replaces the sections it applies */
    public config: NacreConfig,
    private readonly log: Logger,
    /** ms since the epoch, for the opening hours (a test's fake clock) */
    clock: () => number = () => Date.now(),
  ) {
    log = this.log = (this.operations = new Operations(log, () => this)).log;
    this.store = buildStore(config);
    this.devices = superviseDevices(config, { camera: this.cameraHooks() }, log);
    this.supervisor = this.devices.supervisor;
    const feedback = (this.feedback = new OscFeedback(config.osc, this.supervisor, log.child({ ns: 'osc-feedback' })));
    this.world = new WorldDirector(config.model, feedback.send, this.metrics, log.child({ ns: 'model' }));
    this.session = this.buildSession(feedback.send);
    const outputs = buildOutputs(config, log);
    this.channels = outputs.channels;
    this.projection = new Projection(outputs.projectors, config.stateDir, log.child({ ns: 'projection' }));
    this.visitors = this.buildVisitors();
    ({ phones: this.phones, visits: this.visits } = this.visitors);
    const all = this.visits ? [...outputs.all, this.visits] : outputs.all;
    const pages = { overlay: () => this.session.overlay(performance.now()), health: () => this.world.health() };
    this.displays = new DisplayHub(outputs.projectors, all, this.browser, pages, log.child({ ns: 'displays' }));
    const snapshot = (id: string) => this.supervisor.write(id, 'snapshot', true);
    const presence = (source: string, here: boolean, t: number) => this.session.presence(source, here, t);
    this.cameras = new CameraHub(config.cameras, { snapshot, presence }, log.child({ ns: 'cameras' }));
    this.commands = new ExhibitControl(this.session, this.world, this.displays, this.cameras, outputs.speakers);
    const showParts = { store: this.store, commands: this.commands, displays: this.displays, feedback: feedback.send };
    this.show = config.show && buildShow(config.show, { ...showParts, phones: () => this.phones }, log);
    this.rehearsal = buildRehearsal(config.stateDir, this.world.keeper, (s, from) => this.router.route(s, from), log);
    const taps = [this.rehearsal, ...(this.show ? [this.show] : [])];
    const more = [...taps, this.visitors.voteOsc];
    const osc = (this.osc = new OscApi(this.store, this.commands, oscVerbs(this, this.world), more));
    this.router = new InputRouter(config.input.wake, this.store, this.session, this.cameras, osc, this.metrics, taps);
    this.router.connect(this.supervisor, this.browser);
    const bindings = new OutputBindings(config.outputs, (d, c, v) => this.supervisor.write(d, c, v));
    this.flow = new StepFlow(this.store, this.session, bindings, this.displays, this.metrics, () =>
      this.world.keeper.session?.timeLeftMs?.(),
    );
    this.flow.beforeStep = () => this.rehearsal.beforeStep();
    this.transport = buildTransport(config, this.world, this.flow, (c) => this.displays.presentAudio(c), log);
    this.hours = config.schedule && buildHours(config.schedule, this.displays, this.world.keeper, log, clock);
    this.loop = new WorldLoop(this.world.keeper, this.flow, log.child({ ns: 'loop' }), this.transport);
    this.world.onHealth((state, err) => this.modelHealth(state === 'running', err));
    followSessions(this.world, this.displays, outputs.speakers);
    this.checkpoints = this.buildOps();
  }

  private buildSession(feedback: OscFeedback['send']): SessionDriver {
    return new SessionDriver(this.config.session, {
      resetWorld: () => this.world.resetWorld(),
      overlay: (o) => {
        this.visits?.phase(o.phase);
        this.displays.showOverlay(o);
        feedback('/nacre/session/state', o.phase);
      },
    });
  }

  /** the world's checkpoints and the operations metrics */
  private buildOps(): Checkpointer {
    const { config, log } = this;
    this.operations.register(this.metrics.registry, () => this.status());
    const [world, position] = [this.world.keeper, positionKeeper(this.session, this.show)];
    return new Checkpointer(config.stateDir, config.checkpoint, world, log.child({ ns: 'checkpoint' }), position);
  }

  async start(port: number, host: string): Promise<RuntimeHandle> {
    const password = await resolveConsolePassword(this.config.console.password, this.config.stateDir);
    await this.projection.load();
    await this.world.start();
    await this.show?.start();
    await this.checkpoints.resume(); // the world, the visit's phase and the show's standby cue
    const security = buildConsoleSecurity(this.config, password.password, this.log);
    this.osc.audit = new CommandAudit((this.audit = security.audit));
    const displayKey = await DisplayKey.load(this.config.stateDir);
    await this.hours?.start();
    const app = createHttpApp({
      displays: () => this.displays.ids,
      status: () => this.status(),
      metrics: this.metrics.registry,
      security,
      commands: this.commands,
      projectionYaml: () => this.projection.yaml(),
      serviceOrigins: await pageServiceOrigins([this.config.model.path, this.config.model.fallback]),
      recording: (meta, piece) => this.displays.recordingPiece(meta, piece),
      tls: this.config.http.tls !== undefined,
      closedPicture: () => this.hours?.picture,
    });
    this.http = await createWebServer(app, this.config.http.tls);
    this.io = socketServerFor(this.http, this.config.http.allowedOrigins);
    this.startConsole(this.io, security, displayKey);
    this.flow.console = this.console;
    this.displays.attach(this.io, (address, key) => displayKey.mayInput(address, key));
    await this.visitors.attach(app, this.io, this.displays);
    const url = await listen(this.http, port, host);
    this.loop.start();
    this.operations.start();
    this.checkpoints.start();
    this.supervisor.start();
    return { url, password, close: () => this.close() };
  }

  private startConsole(io: SocketServer, security: ConsoleSecurity, displayKey: DisplayKey): void {
    this.console = new ConsoleHub(
      io,
      security,
      {
        commands: this.commands,
        status: () => this.status(),
        keys: this.browser,
        displayKey: () => displayKey.key,
        projection: this.projection,
        show: this.show,
        hours: this.hours,
        rehearsal: this.rehearsal,
        operations: this.operations,
      },
      this.log.child({ ns: 'console' }),
    );
    this.world.announced.on((entry) => this.console?.announce(entry));
    this.displays.surfacePreview.on((meta, jpeg) => this.console?.previewJpeg(meta, jpeg));
    this.displays.recorder = new SurfaceRecorder(join(this.config.stateDir, 'travels'), this.log);
  }

  status() {
    return buildStatus({ modelPath: this.config.model.path, ...this });
  }

  /** config hot reload: `file` watched and reloaded on SIGHUP (README "Operations") */
  watchConfig(file: string): ConfigReloader {
    const { devices, store, router, session, feedback, cameras, phones } = this;
    const targets = { ...devices, store, router, session, feedback, cameras, phones };
    this.reloader = startReloader(file, this, targets, this.log);
    return this.reloader;
  }

  async close(): Promise<void> {
    this.operations.stop();
    this.reloader?.close();
    this.show?.close();
    this.hours?.close();
    await this.supervisor.stop();
    await this.loop.stop();
    await this.checkpoints.stop();
    this.session.close();
    this.console?.close();
    this.phones?.close();
    await this.displays.close();
    await this.channels.close();
    await this.projection.flush();
    await this.world.close();
    // socket.io's close would wait on the HTTP server's close, which waits for every request under way
    const httpClosed = closeServer(this.http, 2000);
    await this.io?.close();
    await httpClosed;
  }

  /** visitors' phones, their visits and continue codes: parts that reach the runtime only through these */
  private buildVisitors(): Visitors {
    const parts = {
      instruct: (text: string, from?: string) => this.commands.instruct(text, from),
      announce: (e: Parameters<ConsoleHub['announce']>[0]) => this.console?.announce(e),
      save: async () => this.world.keeper.session?.saveState(),
      audio: () => this.world.keeper.manifest?.audio,
      kiosk: {
        session: () => this.world.keeper.session,
        phase: () => this.session.now.phase,
        carryOn: (state: ModelState) => this.transport.carryOn(state, () => this.session.operatorStart()),
      },
    };
    return new Visitors(this.config, parts, this.log);
  }

  /** a camera's snapshot starts a world; its preview goes to the console (only for cameras with showOnConsole) */
  private cameraHooks(): CameraHooks {
    return {
      snapshot: (id, image) =>
        void this.world
          .worldFromImage(image, `camera ${id}`)
          .catch((err: Error) => this.log.warn({ err: err.message }, 'world from a picture failed')),
      preview: (id, frame) => this.console?.cameraPreview(id, frame),
    };
  }

  private modelHealth(running: boolean, err?: Error): void {
    if (running && this.world.keeper.restarts > 0) this.metrics.restarts.inc();
    this.session.modelHealth(running, performance.now());
    this.displays.showHealth();
    if (err) this.log.warn({ err: err.message }, 'displays show their fallback while the model restarts');
  }
}
