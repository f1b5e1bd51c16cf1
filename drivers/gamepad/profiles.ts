import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { profileSchema, type Profile } from './profile.ts';

export type Backend = 'hid' | 'evdev';

const FOLDER = join(import.meta.dirname, 'profiles');
/** used when no profile names the pad: a pad nobody listed still works */
const FALLBACK: Record<Backend, string> = { hid: 'generic-hid', evdev: 'linux-gamepad' };

/** The shipped profiles, by file name without .yaml; a broken file names itself and what is wrong. */
export function loadProfiles(folder = FOLDER): Map<string, Profile> {
  const out = new Map<string, Profile>();
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .sort())
    out.set(file.replace(/\.yaml$/, ''), loadProfile(join(folder, file)));
  return out;
}

/** one profile file; a broken one names itself and what is wrong */
export function loadProfile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`gamepad profile ${path}: ${(err as Error).message}`);
  }
  const r = profileSchema.safeParse(parse(text));
  if (!r.success) throw new Error(`gamepad profile ${path}: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** the profile for a pad: named in config, else the first whose match fits, else the backend's fallback */
export function chooseProfile(
  profiles: Map<string, Profile>,
  pad: { backend: Backend; vendorId: number; productId: number },
  named?: string,
): { key: string; profile: Profile } {
  if (named) {
    const profile = profiles.get(named);
    if (!profile) throw new Error(`no gamepad profile "${named}"; shipped: ${[...profiles.keys()].join(', ')}`);
    return { key: named, profile };
  }
  for (const [key, profile] of profiles) {
    const fits = profile.match.some((m) => {
      const pids = m.productId === undefined ? undefined : Array.isArray(m.productId) ? m.productId : [m.productId];
      return m.backend === pad.backend && m.vendorId === pad.vendorId && (!pids || pids.includes(pad.productId));
    });
    if (fits) return { key, profile };
  }
  const key = FALLBACK[pad.backend];
  return { key, profile: profiles.get(key) as Profile };
}
