import type { NacreConfig } from '../config/schema.ts';
import { WANDER_GAMEPAD } from '../config/gamepad.ts';
import { OPERATOR_KEYBOARD, WANDER_KEYBOARD } from '../config/keyboard.ts';
import { ProjectorOutput } from '../displays/projector/output.ts';
import { applyPanorama } from '../displays/projector/panorama.ts';
import { FrameChannels } from '../displays/projector/transport/channel.ts';
import { SpeakerOutput } from '../displays/speaker/output.ts';
import type { Logger } from './core/log.ts';
import type { Output } from './core/output.ts';
import { ConditionStore, type StoreOptions } from './mapping/store.ts';

/** The condition store with the exhibit's mappings: the default Wander keys and pad, the operator's keys, then the config's. */
export function buildStore(config: NacreConfig): ConditionStore {
  return new ConditionStore(storeOptions(config));
}

/** the store's mappings and fallbacks as the config gives them (also for a config reload) */
export function storeOptions(config: NacreConfig): StoreOptions {
  const defaults = [
    ...(config.input.keyboard === 'wander' ? WANDER_KEYBOARD : []),
    ...(config.input.gamepad === 'wander' ? WANDER_GAMEPAD : []),
  ];
  const mappings = [...defaults, ...OPERATOR_KEYBOARD, ...config.mappings];
  return { mappings, ...(config.conditions ? { fallbacks: config.conditions.fallbacks } : {}) };
}

/** A projector output per display page (sharing one encoding per transport), a speaker output per speaker. */
export function buildOutputs(
  config: NacreConfig,
  log: Logger,
): { projectors: ProjectorOutput[]; speakers: SpeakerOutput[]; all: Output[]; channels: FrameChannels } {
  const channels = new FrameChannels(log.child({ ns: 'frames' }));
  const projectors = applyPanorama(config.displays, config.panorama).map(
    (d) => new ProjectorOutput(d, log.child({ ns: `display:${d.id}` }), channels),
  );
  const speakers = config.speakers.map((s) => new SpeakerOutput(s, log.child({ ns: `output:${s.id}` })));
  return { projectors, speakers, all: [...projectors, ...speakers], channels };
}

/** at each new session: the pages' hosted surface, and whether each speaker's matrix fits the world's sound */
export function followSessions(
  world: {
    onSession(fn: () => void): () => void;
    readonly keeper: { readonly manifest: { audio?: { channels: number } | undefined } | undefined };
  },
  displays: { syncSurface(): void },
  speakers: readonly SpeakerOutput[],
): void {
  world.onSession(() => {
    displays.syncSurface();
    for (const s of speakers) s.expectModel(world.keeper.manifest?.audio?.channels);
  });
}
