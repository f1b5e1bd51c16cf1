import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

export interface VideoOutput {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The X server's outputs and monitors by name with their place on the desktop, from `xrandr --query`
 * ("HDMI-1 connected primary 1920x1080+0+0 ...") and `xrandr --listmonitors` (" 0: +*HDMI-1 1920/531x1080/299+0+0  HDMI-1").
 */
export function parseXrandr(query: string, monitors = ''): VideoOutput[] {
  const found = new Map<string, VideoOutput>();
  for (const m of query.matchAll(/^(\S+) connected (?:primary )?(\d+)x(\d+)\+(\d+)\+(\d+)/gm))
    found.set(m[1]!, { name: m[1]!, width: +m[2]!, height: +m[3]!, x: +m[4]!, y: +m[5]! });
  for (const m of monitors.matchAll(/^\s*\d+: \S+ (\d+)\/\d+x(\d+)\/\d+\+(\d+)\+(\d+)\s+(\S+)/gm))
    found.set(m[5]!, { name: m[5]!, width: +m[1]!, height: +m[2]!, x: +m[3]!, y: +m[4]! });
  return [...found.values()];
}

const run = promisify(execFile);

/** the outputs of the X server in $DISPLAY; a clear error where there is none or xrandr is missing */
export async function x11Outputs(env: NodeJS.ProcessEnv = process.env): Promise<VideoOutput[]> {
  if (!env.DISPLAY)
    throw new Error('no X display: set DISPLAY (nacre kiosk places windows on outputs through X11 or XWayland)');
  // An X server with no other client resets when the last one leaves, and a client that connects during the
  // reset is refused ("Can't open display"): a bare xinit at boot does that between the two xrandr calls.
  for (let attempt = 1; ; attempt++) {
    try {
      const q = await run('xrandr', ['--query'], { env });
      const m = await run('xrandr', ['--listmonitors'], { env });
      return parseXrandr(q.stdout, m.stdout);
    } catch (err) {
      if (attempt < RESET_ATTEMPTS && /Can't open display/.test(String((err as { stderr?: string }).stderr))) {
        await sleep(RESET_WAIT_MS);
        continue;
      }
      throw new Error(
        `xrandr could not list the outputs of ${env.DISPLAY} (x11-xserver-utils): ${(err as Error).message}`,
      );
    }
  }
}

const RESET_ATTEMPTS = 3;
const RESET_WAIT_MS = 300;
