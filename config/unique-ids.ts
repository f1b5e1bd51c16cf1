import type { z } from 'zod';
import { DEVICE_KINDS, type DeviceKinds } from '../drivers/registry.ts';

interface Named {
  id: string;
  path: (string | number)[];
}

type Sections = Partial<Record<keyof DeviceKinds, unknown>> & {
  displays: { id: string }[];
  speakers: { id: string }[];
};

/**
 * Two devices (of any kind) or two outputs (displays and speakers) with one id are refused here, at the
 * second one's line: at start one would silently replace the other, or the supervisor would stop with no
 * file:line.
 */
export function uniqueIds(config: Sections, ctx: z.RefinementCtx): void {
  const outputs: Named[] = [
    ...config.displays.map((d, i) => ({ id: d.id, path: ['displays', i, 'id'] })),
    ...config.speakers.map((s, i) => ({ id: s.id, path: ['speakers', i, 'id'] })),
  ];
  refuseTwice(outputs, 'output', ctx);
  refuseTwice(deviceIds(config), 'device', ctx);
}

function refuseTwice(named: Named[], what: string, ctx: z.RefinementCtx): void {
  const first = new Map<string, Named>();
  for (const n of named) {
    const earlier = first.get(n.id);
    if (!earlier) {
      first.set(n.id, n);
      continue;
    }
    ctx.addIssue({
      code: 'custom',
      path: n.path,
      input: n.id,
      message: `${what} id "${n.id}" is already used by ${earlier.path.slice(0, -1).join('.')}; give each ${what} its own id`,
    });
  }
}

/** every device id with where it is written (a gamepad with a count names one id per slot, all on its line) */
function deviceIds(config: Sections): Named[] {
  return Object.entries(DEVICE_KINDS).flatMap(([kind, k]) => {
    const section = config[kind as keyof DeviceKinds];
    if (!Array.isArray(section)) return devicesOf(k, section).map((d) => ({ id: d.id, path: [kind, 'id'] }));
    return section.flatMap((item: unknown, i) =>
      devicesOf(k, [item]).map((d) => ({ id: d.id, path: [kind, i, 'id'] })),
    );
  });
}

/**
 * The devices a section names. zod runs the config's cross-checks after issues that do not abort, so a section
 * may hold a number out of its range (a gamepad `count` of 1e308 would make 1e308 slots): such a section is
 * read again by its kind's schema, and where that fails only the ids written in it count.
 */
export function devicesOf(k: (typeof DEVICE_KINDS)[keyof DeviceKinds], section: unknown): { id: string }[] {
  const parsed = k.config.safeParse(section);
  if (parsed.success) return (k.devices as (s: unknown) => { id: string }[])(parsed.data);
  const items: unknown[] = Array.isArray(section) ? section : [section];
  return items.flatMap((item) => {
    const id = (item as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' ? [{ id }] : [];
  });
}
