import { createServer, type Server as HttpServer } from 'node:http';
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
import { SessionDriver } from './session-driver.ts';
import { buildStatus } from './status.ts';
import { StepFlow } from './step-flow.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
import { Rehearsal } from './rehearsal/rehearsal.ts';
import { OpeningHours } from './schedule/opening.ts';
import type { SignalOrigin } from './core/driver.ts';
import type { Signal } from './core/signals.ts';
import { join } from 'node:path';
import { ShowControl } from './show/show-control.ts';
import { BookmarkStore } from './transport/bookmarks.ts';
import { RuntimeTransport } from './transport/runtime-transport.ts';
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
  readonly transport: RuntimeTransport;
  readonly show: ShowControl | undefined;
  readonly hours: OpeningHours | undefined;
  readonly rehearsal: Rehearsal;
  private readonly router: InputRouter;
  private readonly flow: StepFlow;
  private io: SocketServer | undefined;
  private http: HttpServer | undefined;
  private console: ConsoleHub | undefined;

  constructor(
    readonly config: NacreConfig,
    private readonly log: Logger,
    /** ms since the epoch, for the opening hours (a test's fake clock) */
    clock: () => number = () => Date.now(),
  ) {
    this.store = buildStore(config);
    this.supervisor = superviseDevices(config, { camera: this.cameraHooks() }, log);
    const feedback = new OscFeedback(config.osc, this.supervisor, log.child({ ns: 'osc-feedback' }));
    this.world = new WorldDirector(config.model, feedback.send, this.metrics, log.child({ ns: 'model' }));
    this.session = new SessionDriver(config.session, {
      resetWorld: () => this.world.resetWorld(),
      overlay: (o) => {
        this.displays.showOverlay(o);
        feedback.send('/nacre/session/state', o.phase);
      },
    });
    const outputs = buildOutputs(config, log);
    const pages = { overlay: () => this.session.overlay(performance.now()), health: () => this.world.health() };
    this.displays = new DisplayHub(outputs.projectors, outputs.all, this.browser, pages, log.child({ ns: 'displays' }));
    this.cameras = new CameraHub(
      config.cameras,
      {
        snapshot: (id) => this.supervisor.write(id, 'snapshot', true),
        presence: (source, here, t) => this.session.presence(source, here, t),
      },
      log.child({ ns: 'cameras' }),
    );
    this.commands = new ExhibitControl(this.session, this.world, this.displays, this.cameras);
    this.show = config.show && this.buildShow(config.show, feedback.send);
    this.rehearsal = this.buildRehearsal();
    const osc = new OscApi(this.store, this.commands, [this.rehearsal, ...(this.show ? [this.show] : [])]);
    const taps = [this.rehearsal, ...(this.show ? [this.show] : [])];
    this.router = new InputRouter(config.input.wake, this.store, this.session, this.cameras, osc, this.metrics, taps);
    this.router.connect(this.supervisor, this.browser);
    const bindings = new OutputBindings(config.outputs, (d, c, v) => this.supervisor.write(d, c, v));
    this.flow = new StepFlow(this.store, this.session, bindings, this.displays, this.metrics, () =>
      this.world.keeper.session?.timeLeftMs?.(),
    );
    this.transport = this.buildTransport();
    this.flow.beforeStep = () => this.rehearsal.beforeStep();
    this.hours = config.schedule && this.buildHours(config.schedule, clock);
    this.loop = new WorldLoop(this.world.keeper, this.flow, log.child({ ns: 'loop' }), this.transport);
    this.world.onHealth((state, err) => this.modelHealth(state === 'running', err));
    this.world.onSession(() => this.displays.syncSurface());
  }

  async start(port: number, host: string): Promise<RuntimeHandle> {
    const password = await resolveConsolePassword(this.config.console.password, this.config.stateDir);
    await this.world.start();
    await this.show?.start();
    await this.hours?.start();
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
      {
        commands: this.commands,
        status: () => this.status(),
        keys: this.browser,
        show: this.show,
        hours: this.hours,
        rehearsal: this.rehearsal,
      },
      this.log.child({ ns: 'console' }),
    );
    this.world.announced.on((entry) => this.console?.announce(entry));
    this.flow.console = this.console;
    this.displays.attach(this.io);
    const url = await listen(this.http, port, host);
    this.loop.start();
    this.supervisor.start();
    return { url, password, close: () => this.close() };
  }

  status() {
    return buildStatus({ modelPath: this.config.model.path, ...this });
  }

  async close(): Promise<void> {
    this.show?.close();
    this.hours?.close();
    await this.supervisor.stop();
    await this.loop.stop();
    this.session.close();
    this.console?.close();
    await this.displays.close();
    await this.world.close();
    await this.io?.close(); // also closes the HTTP server it is attached to, once its sockets are gone
    await new Promise<void>((resolve) => (this.http?.listening ? this.http.close(() => resolve()) : resolve()));
  }

  /** the runtime's pause, rewind and bookmarks, for worlds whose state it saves; the loop's gate */
  private buildTransport(): RuntimeTransport {
    const transport = new RuntimeTransport(
      this.world.keeper,
      this.config.transport,
      new BookmarkStore(this.config.stateDir),
      (c) => this.displays.presentAudio(c),
      this.log.child({ ns: 'transport' }),
    );
    this.world.runtimeTransport = transport;
    this.flow.heard = (c) => transport.heard(c);
    return transport;
  }

  private buildHours(schedule: NonNullable<NacreConfig['schedule']>, clock: () => number): OpeningHours {
    const effects = {
      dark: (on: boolean) => this.displays.setBlackout(on),
      load: () => this.world.keeper.reload(),
      unload: () => this.world.keeper.unload(),
    };
    return new OpeningHours(schedule, effects, this.log.child({ ns: 'schedule' }), clock);
  }

  /** record and replay input; replayed signals go through the router as if the devices were there */
  private buildRehearsal(): Rehearsal {
    const keeper = this.world.keeper;
    const world = { steps: () => keeper.session?.steps, reset: (seed: number) => keeper.resetWorld({ seed }) };
    const route = (s: Signal, from: SignalOrigin) => this.router.route(s, from);
    return new Rehearsal(join(this.config.stateDir, 'recordings'), world, route, this.log.child({ ns: 'rehearsal' }));
  }

  private buildShow(config: NonNullable<NacreConfig['show']>, feedback: (a: string, v: string) => void): ShowControl {
    const parts = {
      store: this.store,
      commands: this.commands,
      blackout: (on: boolean, fade: number) => this.displays.setBlackout(on, fade),
      feedback,
    };
    return new ShowControl(config, parts, this.log.child({ ns: 'show' }));
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
