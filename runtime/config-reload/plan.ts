import { isDeepStrictEqual } from 'node:util';
import type { NacreConfig } from '../../config/schema.ts';
import { DEVICE_KINDS, type DeviceKinds } from '../../drivers/registry.ts';
import type { LiveChange } from './status.ts';

/** the config's top-level sections */
export type ConfigPart = keyof NacreConfig;

/** device kinds whose devices the supervisor adds, removes and reopens live (cameras: the CameraHub follows) */
export const LIVE_DEVICE_KINDS = [
  'osc',
  'serial',
  'firmata',
  'cameras',
  'gamepads',
] as const satisfies (keyof DeviceKinds)[];
export type LiveDeviceKind = (typeof LIVE_DEVICE_KINDS)[number];

/** what a reload can change without dropping the visit */
export type { LiveChange };

export interface DeviceConfig {
  kind: LiveDeviceKind;
  config: { id: string };
}

export interface DeviceChanges {
  added: DeviceConfig[];
  removed: string[];
  /** a device whose settings changed: closed, then opened with the new ones */
  changed: DeviceConfig[];
}

export interface ReloadPlan {
  /** the live changes, in the order they are applied */
  live: LiveChange[];
  devices: DeviceChanges;
  /** sections that differ but apply only at the next start */
  restart: ConfigPart[];
  /** the running config once the live changes are applied: restart-only sections keep their running value */
  config: NacreConfig;
}

/** which top-level sections each live change covers (moderation covers a part of one: `phones.moderation`) */
const LIVE_SECTIONS: Record<Exclude<LiveChange, 'moderation'>, readonly ConfigPart[]> = {
  mappings: ['mappings', 'input', 'conditions'],
  session: ['session'],
  /** the osc section is a device, and also the dictionary's verbs and the feedback address */
  devices: LIVE_DEVICE_KINDS,
};

/**
 * What a reload does: the new file against the running config, section by section. Sections that can be
 * applied live are taken over; any other section that differs is only reported as needing a restart.
 */
export function planReload(running: NacreConfig, next: NacreConfig): ReloadPlan {
  const sections = new Set([...Object.keys(running), ...Object.keys(next)] as ConfigPart[]);
  const changed = [...sections].filter((k) => !isDeepStrictEqual(running[k], next[k]));
  const restart = new Set(changed);
  const live: LiveChange[] = [];
  for (const change of Object.keys(LIVE_SECTIONS) as (keyof typeof LIVE_SECTIONS)[]) {
    const parts = LIVE_SECTIONS[change].filter((p) => restart.has(p));
    if (parts.length === 0 || !appliesLive(change, running, next)) continue;
    live.push(change);
    for (const p of parts) restart.delete(p);
  }
  if (moderationLive(running, next)) {
    live.push('moderation');
    // the rest of the phones section (enabled, limits, recording ...) still waits for a restart
    if (isDeepStrictEqual(withModeration(running.phones, next), next.phones)) restart.delete('phones');
  }
  const config = withApplied(running, next, live);
  return { live, devices: deviceChanges(running, next), restart: [...restart], config };
}

/** the running config with the sections of the applied changes taken from the new one */
export function withApplied(running: NacreConfig, next: NacreConfig, applied: readonly LiveChange[]): NacreConfig {
  const config: Record<string, unknown> = { ...running };
  for (const change of applied) {
    if (change === 'moderation') config.phones = withModeration(running.phones, next);
    else for (const p of LIVE_SECTIONS[change]) config[p] = next[p];
  }
  return config as NacreConfig;
}

/** the phones' moderation is applied to running phones only: with phones off there is nothing to apply it to */
function moderationLive(running: NacreConfig, next: NacreConfig): boolean {
  return running.phones.enabled && !isDeepStrictEqual(running.phones.moderation, next.phones.moderation);
}

function withModeration(phones: NacreConfig['phones'], next: NacreConfig): NacreConfig['phones'] {
  return { ...phones, moderation: next.phones.moderation };
}

/** a change of the session's mode (wander, direct) is a different visit cycle: it waits for a restart */
function appliesLive(change: keyof typeof LIVE_SECTIONS, running: NacreConfig, next: NacreConfig): boolean {
  return change !== 'session' || running.session.mode === next.session.mode;
}

function devicesOf(config: NacreConfig): Map<string, DeviceConfig> {
  const all = new Map<string, DeviceConfig>();
  for (const kind of LIVE_DEVICE_KINDS) {
    // each section was parsed by its own kind's schema, so it is what that kind's devices() takes
    const devices = DEVICE_KINDS[kind].devices as (section: unknown) => { id: string }[];
    for (const d of devices(config[kind])) all.set(d.id, { kind, config: d });
  }
  return all;
}

export function deviceChanges(running: NacreConfig, next: NacreConfig): DeviceChanges {
  const before = devicesOf(running);
  const after = devicesOf(next);
  const out: DeviceChanges = { added: [], removed: [], changed: [] };
  for (const id of before.keys()) if (!after.has(id)) out.removed.push(id);
  for (const [id, d] of after) {
    const was = before.get(id);
    if (!was) out.added.push(d);
    else if (was.kind !== d.kind || !isDeepStrictEqual(was.config, d.config)) {
      if (was.kind !== d.kind) out.removed.push(id);
      out[was.kind !== d.kind ? 'added' : 'changed'].push(d);
    }
  }
  return out;
}
