import type { HidFieldKind } from './types.ts';

export const PAGE_GENERIC_DESKTOP = 0x01;
export const PAGE_SIMULATION = 0x02;
export const PAGE_BUTTON = 0x09;

interface UsageInfo {
  name: string;
  kind: HidFieldKind;
}

const DESKTOP: Record<number, UsageInfo> = {
  0x30: { name: 'X', kind: 'axis' },
  0x31: { name: 'Y', kind: 'axis' },
  0x32: { name: 'Z', kind: 'axis' },
  0x33: { name: 'Rx', kind: 'axis' },
  0x34: { name: 'Ry', kind: 'axis' },
  0x35: { name: 'Rz', kind: 'axis' },
  0x36: { name: 'Slider', kind: 'axis' },
  0x37: { name: 'Dial', kind: 'axis' },
  0x38: { name: 'Wheel', kind: 'axis' },
  0x39: { name: 'Hat switch', kind: 'hat' },
  0x90: { name: 'D-pad Up', kind: 'button' },
  0x91: { name: 'D-pad Down', kind: 'button' },
  0x92: { name: 'D-pad Right', kind: 'button' },
  0x93: { name: 'D-pad Left', kind: 'button' },
};

const SIMULATION: Record<number, UsageInfo> = {
  0xba: { name: 'Rudder', kind: 'axis' },
  0xbb: { name: 'Throttle', kind: 'axis' },
  0xc4: { name: 'Accelerator', kind: 'axis' },
  0xc5: { name: 'Brake', kind: 'axis' },
  0xc8: { name: 'Steering', kind: 'axis' },
};

/** Axes that rest at one end of their travel and therefore normalise to 0..1 rather than -1..1. */
const ONE_SIDED = new Set(['Slider', 'Dial', 'Throttle', 'Accelerator', 'Brake']);

/** Name and kind of a gamepad-relevant usage; undefined for usages the decoder does not expose. */
export function describeUsage(page: number, usage: number): UsageInfo | undefined {
  if (page === PAGE_BUTTON) return usage === 0 ? undefined : { name: `Button ${usage}`, kind: 'button' };
  if (page === PAGE_GENERIC_DESKTOP) return DESKTOP[usage];
  if (page === PAGE_SIMULATION) return SIMULATION[usage];
  return undefined;
}

export function isOneSidedAxis(name: string): boolean {
  return ONE_SIDED.has(name.replace(/ #\d+$/, ''));
}
