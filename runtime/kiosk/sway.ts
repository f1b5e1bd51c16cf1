import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { VideoOutput } from './outputs.ts';

const run = promisify(execFile);

interface SwayOutput {
  name: string;
  active: boolean;
  rect: { x: number; y: number; width: number; height: number };
}

/** the active outputs in `swaymsg -t get_outputs -r` */
export function parseSwayOutputs(json: string): VideoOutput[] {
  return (JSON.parse(json) as SwayOutput[])
    .filter((o) => o.active)
    .map((o) => ({ name: o.name, x: o.rect.x, y: o.rect.y, width: o.rect.width, height: o.rect.height }));
}

interface SwayNode {
  type?: string;
  name?: string | null;
  pid?: number;
  fullscreen_mode?: number;
  nodes?: SwayNode[];
  floating_nodes?: SwayNode[];
}

export interface SwayWindow {
  pid: number;
  output: string;
  fullscreen: boolean;
}

/** every client window in `swaymsg -t get_tree -r`, with the output it is on */
export function swayWindows(tree: SwayNode): SwayWindow[] {
  const found: SwayWindow[] = [];
  const walk = (n: SwayNode, output: string) => {
    const here = n.type === 'output' ? (n.name ?? output) : output;
    if (n.pid) found.push({ pid: n.pid, output: here, fullscreen: (n.fullscreen_mode ?? 0) > 0 });
    for (const c of [...(n.nodes ?? []), ...(n.floating_nodes ?? [])]) walk(c, here);
  };
  walk(tree, '');
  return found;
}

async function swaymsg(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  try {
    return (await run('swaymsg', args, { env })).stdout;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`swaymsg ${args.join(' ')} failed (sway): ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

/** the outputs of the sway session in $SWAYSOCK */
export async function swayOutputs(env: NodeJS.ProcessEnv): Promise<VideoOutput[]> {
  return parseSwayOutputs(await swaymsg(env, '-t', 'get_outputs', '-r'));
}

export async function swayTree(env: NodeJS.ProcessEnv): Promise<SwayWindow[]> {
  return swayWindows(JSON.parse(await swaymsg(env, '-t', 'get_tree', '-r')) as SwayNode);
}

/** how long a placed window must stay full screen on its output before the browser counts as placed */
const SETTLE_MS = 1500;
/** the least time between two commands for one window (sway needs a moment to carry one out) */
const RETRY_MS = 1000;

/**
 * A Wayland client cannot place its own window: sway moves the browser's window (found by its process id, as
 * sway's `[pid=N]` criteria do) to the output and makes it full screen there. The placement is confirmed, not
 * assumed: Chromium, starting in kiosk mode, may still change its window's state after sway placed it (on a
 * loaded machine it sometimes left full screen a moment later), so the window is watched until it has stayed
 * placed for a while, and placed again whenever it is off.
 */
export async function placeOnSway(
  pid: number,
  output: VideoOutput,
  env: NodeJS.ProcessEnv,
  waitMs: number,
): Promise<void> {
  const deadline = performance.now() + waitMs;
  let placedSince: number | undefined;
  let commanded = -Infinity;
  for (;;) {
    const now = performance.now();
    const w = (await swayTree(env)).find((x) => x.pid === pid);
    if (w && isPlaced(w, output)) {
      placedSince ??= now;
      if (now - placedSince >= SETTLE_MS) return;
    } else {
      placedSince = undefined;
      if (now > deadline)
        throw new Error(
          w
            ? `the window of process ${pid} did not stay full screen on ${output.name} (it is on ${w.output || 'no output'}${w.fullscreen ? ', full screen' : ''})`
            : `no window of process ${pid} appeared in sway`,
        );
      if (w && now - commanded >= RETRY_MS) {
        await moveToOutput(pid, output, env);
        commanded = now;
      }
    }
    await sleep(200);
  }
}

/**
 * a browser already placed, checked again (each heartbeat): put back on its output, full screen, if it left
 * it; true when it had to be
 */
export async function keepOnSway(pid: number, output: VideoOutput, env: NodeJS.ProcessEnv): Promise<boolean> {
  const w = (await swayTree(env)).find((x) => x.pid === pid);
  if (!w || isPlaced(w, output)) return false;
  await moveToOutput(pid, output, env);
  return true;
}

const isPlaced = (w: SwayWindow, output: VideoOutput) => w.output === output.name && w.fullscreen;

async function moveToOutput(pid: number, output: VideoOutput, env: NodeJS.ProcessEnv): Promise<void> {
  const reply = await swaymsg(env, `[pid=${pid}] move container to output ${output.name}, focus, fullscreen enable`);
  const failed = (JSON.parse(reply) as { success: boolean; error?: string }[]).find((r) => !r.success);
  if (failed) throw new Error(`sway could not move the window to ${output.name}: ${failed.error ?? 'no reason given'}`);
}
