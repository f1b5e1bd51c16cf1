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

/**
 * A Wayland client cannot place its own window: sway moves the browser's window (found by its process id, as
 * sway's `[pid=N]` criteria do) to the output and makes it full screen there.
 */
export async function placeOnSway(
  pid: number,
  output: VideoOutput,
  env: NodeJS.ProcessEnv,
  waitMs: number,
): Promise<void> {
  const deadline = performance.now() + waitMs;
  while (!(await swayTree(env)).some((w) => w.pid === pid)) {
    if (performance.now() > deadline) throw new Error(`no window of process ${pid} appeared in sway`);
    await sleep(200);
  }
  const reply = await swaymsg(env, `[pid=${pid}] move container to output ${output.name}, focus, fullscreen enable`);
  const failed = (JSON.parse(reply) as { success: boolean; error?: string }[]).find((r) => !r.success);
  if (failed) throw new Error(`sway could not move the window to ${output.name}: ${failed.error ?? 'no reason given'}`);
}
