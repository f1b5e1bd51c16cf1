import type { BrowserInputDriver } from '../drivers/browser/driver.ts';
import type { CameraHub } from './cameras.ts';
import type { StatusReport } from './console/protocol.ts';
import type { DisplayHub } from './display-hub.ts';
import type { OscApi } from './osc-api.ts';
import type { Checkpointer } from './checkpoint/checkpointer.ts';
import type { WorldLoop } from './loop/world-loop.ts';
import type { ConditionStore } from './mapping/store.ts';
import type { SessionDriver } from './session-driver.ts';
import type { OpeningHours } from './schedule/opening.ts';
import type { Rehearsal } from './rehearsal/rehearsal.ts';
import type { ShowControl } from './show/show-control.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
import type { WorldDirector } from './world-director.ts';
import type { PhonesStatus } from './phones/protocol.ts';
import type { SpeakerView } from '../displays/speaker/output.ts';
import type { ConfigStatus } from './config-reload/reloader.ts';

export interface StatusParts {
  modelPath: string;
  browser: BrowserInputDriver;
  supervisor: Supervisor;
  session: SessionDriver;
  store: ConditionStore;
  world: WorldDirector;
  loop: WorldLoop;
  displays: DisplayHub;
  cameras: CameraHub;
  osc?: OscApi;
  checkpoints?: Checkpointer;
  show: ShowControl | undefined;
  hours: OpeningHours | undefined;
  rehearsal: Rehearsal;
  phones?: { status(): PhonesStatus } | undefined;
  /** the speakers' live settings */
  commands?: { speakers(): SpeakerView[] };
  reloader?: { status(): ConfigStatus } | undefined;
}

const tenths = (ms: number) => Math.round(ms / 100) / 10;

/** /api/status and the console's status, each part reporting its own. */
export function buildStatus(p: StatusParts): StatusReport {
  const now = performance.now();
  return {
    drivers: drivers(p),
    session: session(p.session, now),
    conditions: p.session.lastConditions ?? p.store.snapshot(),
    model: model(p, now),
    outputs: p.displays.status(),
    blackout: p.displays.blackout,
    transport: p.world.transportStatus(),
    bookmarks: p.world.bookmarkNames(),
    ...(p.show ? { show: p.show.status() } : {}),
    ...(p.hours ? { schedule: p.hours.status() } : {}),
    rehearsal: p.rehearsal.status(),
    cameras: p.cameras.ids,
    ...(p.checkpoints && { checkpoint: { ...p.checkpoints.counts } }),
    ...(p.phones ? { phones: p.phones.status() } : {}),
    ...(p.commands?.speakers().length ? { speakers: p.commands.speakers() } : {}),
    ...(p.reloader ? { config: p.reloader.status() } : {}),
  };
}

function drivers(p: StatusParts): StatusReport['drivers'] {
  const browser = {
    id: p.browser.id,
    kind: p.browser.kind,
    state: p.browser.state,
    detail: `${p.browser.sources} page(s) sending input`,
  };
  const devices = p.supervisor.status().map((d) => {
    const retry = d.retryInMs !== undefined ? `retry in ${tenths(d.retryInMs)} s` : undefined;
    const detail = [d.device?.label ?? d.device?.path, d.error, retry, `${d.signals} signals`]
      .filter(Boolean)
      .join(', ');
    const refused = { verbsRefused: p.osc?.verbsRefused ?? 0, speakerRefused: p.osc?.speakerRefused ?? 0 };
    const counters = d.kind === 'osc' ? { ...d.counters, ...refused } : d.counters;
    return { id: d.id, kind: d.kind, state: d.state, detail, ...(counters && { counters }) };
  });
  return [browser, ...devices];
}

function session(driver: SessionDriver, now: number): StatusReport['session'] {
  const view = driver.view(now);
  const s = driver.now;
  return {
    mode: s.mode,
    phase: s.phase,
    since: tenths(now - s.since),
    overlay: view.overlay,
    ...(view.remainingSeconds !== undefined ? { remainingSeconds: view.remainingSeconds } : {}),
    ...(s.degraded ? { degraded: true } : {}),
  };
}

function model(p: StatusParts, now: number): StatusReport['model'] {
  const keeper = p.world.keeper;
  const stats = p.loop.stats(now);
  const backend = keeper.backend;
  const load = keeper.progress.view();
  return {
    name: keeper.manifest?.name ?? p.modelPath,
    state: keeper.state,
    stepsPerSecond: stats.stepsPerSecond,
    stepMs: stats.stepMs,
    runMs: stats.runMs,
    steps: stats.steps,
    restarts: keeper.restarts,
    ...(keeper.session?.style ? { style: keeper.session.style } : {}),
    ...(keeper.lastError ? { lastError: keeper.lastError } : {}),
    ...(backend ? { backend } : {}),
    ...(load ? { load } : {}),
  };
}
