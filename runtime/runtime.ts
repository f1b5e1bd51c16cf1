import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { Server as SocketServer } from 'socket.io';
import type { NacreConfig } from '../config/schema.ts';
import { BrowserInputDriver } from '../drivers/browser/driver.ts';
import type { CameraHooks } from '../drivers/camera/driver.ts';
import { CameraHub } from './cameras.ts';
import { resolveConsolePassword, type ConsolePassword } from './console/password.ts';
import { ConsoleHub } from './console/server.ts';
import type { Logger } from './core/log.ts';
import { superviseDevices } from './devices.ts';
import { DisplayHub } from './display-hub.ts';
import { ExhibitControl } from './exhibit-commands.ts';
import { buildOutputs, buildStore } from './exhibit-parts.ts';
import { createHttpApp } from './http/app.ts';
import { listen } from './http/listen.ts';
import { InputRouter } from './input-router.ts';
import { WorldLoop } from './loop/world-loop.ts';
import type { ConditionStore } from './mapping/store.ts';
import { RuntimeMetrics } from './metrics.ts';
import { OscApi } from './osc-api.ts';
import { OscFeedback } from './osc-feedback.ts';
import { OutputBindings } from './output-bindings.ts';
import { attachPhones } from './phones/attach.ts';
import { PhonesHub } from './phones/hub.ts';
import { attachVisits } from './visits/attach.ts';
import { VisitBook } from './visits/book.ts';
import { SessionDriver } from './session-driver.ts';
import { buildStatus } from './status.ts';
import { StepFlow } from './step-flow.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
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
  /** visitors' phones, when config.phones.enabled */
  readonly phones: PhonesHub | undefined;
  /** each visit recorded, when config.phones.recording.enabled */
  readonly visits: VisitBook | undefined;
  private readonly flow: StepFlow;
  private io: SocketServer | undefined;
  private http: HttpServer | undefined;
  private console: ConsoleHub | undefined;

  constructor(
    readonly config: NacreConfig,
    private readonly log: Logger,
  ) {
    this.store = buildStore(config);
    this.supervisor = superviseDevices(config, { camera: this.cameraHooks() }, log);
    const feedback = new OscFeedback(config.osc, this.supervisor, log.child({ ns: 'osc-feedback' }));
    this.world = new WorldDirector(config.model, feedback.send, this.metrics, log.child({ ns: 'model' }));
    this.session = new SessionDriver(config.session, {
      resetWorld: () => this.world.resetWorld(),
      overlay: (o) => {
        this.visits?.phase(o.phase);
        this.displays.showOverlay(o);
        feedback.send('/nacre/session/state', o.phase);
      },
    });
    const outputs = buildOutputs(config, log);
    this.visits = this.visitBook();
    const all = this.visits ? [...outputs.all, this.visits] : outputs.all;
    const pages = { overlay: () => this.session.overlay(performance.now()), health: () => this.world.health() };
    this.displays = new DisplayHub(outputs.projectors, all, this.browser, pages, log.child({ ns: 'displays' }));
    this.cameras = new CameraHub(
      config.cameras,
      {
        snapshot: (id) => this.supervisor.write(id, 'snapshot', true),
        presence: (source, here, t) => this.session.presence(source, here, t),
      },
      log.child({ ns: 'cameras' }),
    );
    this.commands = new ExhibitControl(this.session, this.world, this.displays, this.cameras);
    const osc = new OscApi(this.store, this.commands);
    const router = new InputRouter(config.input.wake, this.store, this.session, this.cameras, osc, this.metrics);
    router.connect(this.supervisor, this.browser);
    const bindings = new OutputBindings(config.outputs, (d, c, v) => this.supervisor.write(d, c, v));
    this.flow = new StepFlow(this.store, this.session, bindings, this.displays, this.metrics);
    this.loop = new WorldLoop(this.world.keeper, this.flow, log.child({ ns: 'loop' }));
    this.world.onHealth((state, err) => this.modelHealth(state === 'running', err));
    this.world.onSession(() => this.displays.syncSurface());
    this.phones = config.phones.enabled
      ? new PhonesHub(
          config.phones,
          { instruct: (text, from) => this.commands.instruct(text, from), announce: (e) => this.console?.announce(e) },
          log.child({ ns: 'phones' }),
        )
      : undefined;
  }

  async start(port: number, host: string): Promise<RuntimeHandle> {
    const password = await resolveConsolePassword(this.config.console.password, this.config.stateDir);
    await this.world.start();
    const app = createHttpApp({
      displays: () => this.displays.ids,
      status: () => this.status(),
      metrics: this.metrics.registry,
      password: password.password,
      commands: this.commands,
    });
    this.http = createServer(app);
    this.io = new SocketServer(this.http, { maxHttpBufferSize: 64 * 1024 });
    this.console = new ConsoleHub(
      this.io,
      password.password,
      { commands: this.commands, status: () => this.status(), keys: this.browser },
      this.log.child({ ns: 'console' }),
    );
    this.world.announced.on((entry) => this.console?.announce(entry));
    this.flow.console = this.console;
    this.displays.attach(this.io);
    if (this.phones) attachPhones(app, this.io, this.phones);
    if (this.visits) {
      await this.visits.open();
      attachVisits(app, this.io, this.visits, this.kiosk(), this.config.phones.joinUrl);
    }
    const url = await listen(this.http, port, host);
    this.loop.start();
    this.supervisor.start();
    return { url, password, close: () => this.close() };
  }

  status() {
    return buildStatus({ modelPath: this.config.model.path, ...this });
  }

  async close(): Promise<void> {
    await this.supervisor.stop();
    await this.loop.stop();
    this.session.close();
    this.console?.close();
    this.phones?.close();
    await this.displays.close();
    await this.world.close();
    await this.io?.close(); // also closes the HTTP server it is attached to, once its sockets are gone
    await new Promise<void>((resolve) => (this.http?.listening ? this.http.close(() => resolve()) : resolve()));
  }

  private visitBook(): VisitBook | undefined {
    const rec = this.config.phones.recording;
    if (!rec.enabled) return undefined;
    const world = {
      save: async () => this.world.keeper.session?.saveState(),
      audio: () => this.world.keeper.manifest?.audio,
    };
    return new VisitBook(rec, rec.dir ?? join(this.config.stateDir, 'visits'), world, this.log.child({ ns: 'visits' }));
  }

  private kiosk() {
    return {
      session: () => this.world.keeper.session,
      phase: () => this.session.now.phase,
      startVisit: () => this.session.operatorStart(),
    };
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
