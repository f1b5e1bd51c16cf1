import { execFile } from 'node:child_process';
import { x11Outputs, type VideoOutput } from './outputs.ts';
import { keepOnSway, placeOnSway, swayOutputs } from './sway.ts';

/** The display server the kiosk's browsers go to, and how a window gets onto an output there. */
export interface Screens {
  kind: 'x11' | 'sway';
  outputs(): Promise<VideoOutput[]>;
  /** Chromium's flags for a window on `output` */
  chromiumFlags(output: VideoOutput | undefined): string[];
  /** after the browser started: puts its window on the output (X11: the flags already did) */
  place(pid: number, output: VideoOutput, waitMs: number): Promise<void>;
  /** a placed window checked again: put back if it left its output or full screen; true when it had to be */
  keepPlaced(pid: number, output: VideoOutput): Promise<boolean>;
  /** no screensaver, blanking or power saving, where the server has them */
  keepAwake(): void;
}

export function x11Screens(env: NodeJS.ProcessEnv): Screens {
  return {
    kind: 'x11',
    outputs: () => x11Outputs(env),
    chromiumFlags: (o) => (o ? [`--window-position=${o.x},${o.y}`, `--window-size=${o.width},${o.height}`] : []),
    place: async () => undefined,
    keepPlaced: async () => false,
    keepAwake: () => execFile('xset', ['s', 'off', '-dpms', 's', 'noblank'], { env }, () => undefined),
  };
}

/** sway (a Wayland compositor with an IPC to place windows): the browsers run as native Wayland clients */
export function swayScreens(env: NodeJS.ProcessEnv): Screens {
  return {
    kind: 'sway',
    outputs: () => swayOutputs(env),
    chromiumFlags: () => ['--ozone-platform=wayland'],
    place: (pid, output, waitMs) => placeOnSway(pid, output, env, waitMs),
    keepPlaced: (pid, output) => keepOnSway(pid, output, env),
    // sway blanks nothing unless swayidle is told to: leave its configuration to the venue
    keepAwake: () => undefined,
  };
}

/**
 * sway where $SWAYSOCK says it runs, else X11 (or XWayland) in $DISPLAY. Another Wayland compositor gives a
 * client no way to choose its output: the kiosk then needs XWayland.
 */
export function screensFor(env: NodeJS.ProcessEnv): Screens {
  if (env.SWAYSOCK) return swayScreens(env);
  if (env.DISPLAY) return x11Screens(env);
  if (env.WAYLAND_DISPLAY)
    throw new Error(
      'a Wayland session without sway: nacre kiosk places windows through sway (SWAYSOCK) or X11/XWayland (DISPLAY)',
    );
  throw new Error('no display server: set DISPLAY (X11, XWayland) or run under sway (SWAYSOCK)');
}
