import type { Conditions } from '../types.ts';

/** Attract mode: a slow flight with gentle turns, so the kiosk looks alive while nobody is there. */
export function autopilot(seconds: number): Conditions {
  const yaw = 0.16 * Math.sin(seconds / 9) + 0.06 * Math.sin(seconds / 3.7);
  const pitch = -0.05 * Math.sin(seconds / 11);
  return { move: [0, 0.55], look: [yaw, pitch], actions: { fly: true }, perspective: 'first' };
}
