import type { Conditions } from '../core/signals.ts';

/**
 * Attract mode: a slow flight with gentle turns, so the kiosk looks alive while nobody is there. `look` is a
 * rate, so pitch stays at 0: any pitch rate would add up, over minutes, to staring at the ground.
 */
export function autopilot(seconds: number): Conditions {
  const yaw = 0.16 * Math.sin(seconds / 9) + 0.06 * Math.sin(seconds / 3.7);
  return { move: [0, 0.55], look: [yaw, 0], actions: { fly: true }, perspective: 'first' };
}
