/**
 * The show's parts around the world, built for the runtime: the cue list, the opening hours, rehearsal by
 * record and replay, and the runtime's own transport (pause, rewind, bookmarks) for worlds it can save.
 */
import { join } from 'node:path';
import type { NacreConfig } from '../config/schema.ts';
import type { Logger } from './core/log.ts';
import type { SignalOrigin } from './core/driver.ts';
import type { AudioChunk } from './core/world-model.ts';
import type { Signal } from './core/signals.ts';
import type { DisplayHub } from './display-hub.ts';
import type { ExhibitControl } from './exhibit-commands.ts';
import type { ModelKeeper } from './loop/model-keeper.ts';
import type { ConditionStore } from './mapping/store.ts';
import type { PhonesHub } from './phones/hub.ts';
import { Rehearsal } from './rehearsal/rehearsal.ts';
import { OpeningHours } from './schedule/opening.ts';
import { ShowControl } from './show/show-control.ts';
import type { StepFlow } from './step-flow.ts';
import { BookmarkStore } from './transport/bookmarks.ts';
import { RuntimeTransport } from './transport/runtime-transport.ts';
import type { WorldDirector } from './world-director.ts';

/** the runtime's pause, rewind and bookmarks, for worlds whose state it saves; the loop's gate */
export function buildTransport(
  config: NacreConfig,
  world: WorldDirector,
  flow: StepFlow,
  audio: (c: AudioChunk) => void,
  log: Logger,
): RuntimeTransport {
  const bookmarks = new BookmarkStore(config.stateDir);
  const transport = new RuntimeTransport(
    world.keeper,
    config.transport,
    bookmarks,
    audio,
    log.child({ ns: 'transport' }),
  );
  world.runtimeTransport = transport;
  flow.heard = (c) => transport.heard(c);
  return transport;
}

export function buildHours(
  schedule: NonNullable<NacreConfig['schedule']>,
  displays: DisplayHub,
  keeper: ModelKeeper,
  log: Logger,
  clock: () => number,
): OpeningHours {
  const effects = {
    dark: (on: boolean) => displays.setBlackout(on),
    picture: (address: string | null) => displays.setClosedPicture(address),
    load: () => keeper.reload(),
    unload: () => keeper.unload(),
  };
  return new OpeningHours(schedule, effects, log.child({ ns: 'schedule' }), clock);
}

/** record and replay input; replayed signals go through `route` as if the devices were there */
export function buildRehearsal(
  stateDir: string,
  keeper: ModelKeeper,
  route: (s: Signal, from: SignalOrigin) => void,
  log: Logger,
): Rehearsal {
  const world = { steps: () => keeper.session?.steps, reset: (seed: number) => keeper.resetWorld({ seed }) };
  return new Rehearsal(join(stateDir, 'recordings'), world, route, log.child({ ns: 'rehearsal' }));
}

export interface ShowParts {
  store: ConditionStore;
  commands: ExhibitControl;
  displays: DisplayHub;
  feedback: (address: string, value: string) => void;
  phones: () => PhonesHub | undefined;
}

export function buildShow(config: NonNullable<NacreConfig['show']>, p: ShowParts, log: Logger): ShowControl {
  const parts = {
    store: p.store,
    commands: p.commands,
    blackout: (on: boolean, fade: number) => p.displays.setBlackout(on, fade),
    feedback: p.feedback,
    votes: () => p.phones()?.votes,
  };
  return new ShowControl(config, parts, log.child({ ns: 'show' }));
}
