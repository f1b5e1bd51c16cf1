/** A PulseAudio sink's channel names (its channel map), read with pactl, so the operator can say `rear-left`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface SinkJson {
  name?: unknown;
  channel_map?: unknown;
}

/** the channel map of `sink` in `pactl --format=json list sinks` output; undefined when that sink is not listed */
export function channelMapOf(json: string, sink: string): string[] | undefined {
  const sinks = JSON.parse(json) as SinkJson[];
  const found = Array.isArray(sinks) ? sinks.find((s) => s.name === sink) : undefined;
  if (typeof found?.channel_map !== 'string') return undefined;
  return found.channel_map.split(',').map((n) => n.trim());
}

/**
 * The channel names of `device` (the server's default sink when absent), in the sink's own order.
 * Throws with pactl's words when pactl is missing, the server does not answer or the sink is not there.
 */
export async function readChannelMap(device: string | undefined, env: NodeJS.ProcessEnv): Promise<string[]> {
  const opts = { env: { ...env, LC_ALL: 'C' }, timeout: 5000 };
  const sink = device ?? (await run('pactl', ['get-default-sink'], opts)).stdout.trim();
  // JSON output needs pactl 15 or later (Debian 12 has 16)
  const { stdout } = await run('pactl', ['--format=json', 'list', 'sinks'], { ...opts, maxBuffer: 16 << 20 });
  const names = channelMapOf(stdout, sink);
  if (!names) throw new Error(`PulseAudio has no sink "${sink}"`);
  return names;
}

/**
 * A speaker's channel names, read again each time its player starts (the sink may have been replaced). Only a
 * pulse speaker with `channels` has them: its pacat runs with --no-remap, so channel n is the sink's n-th
 * position; a map of another length does not describe the speaker's channels and is not used.
 */
export class SinkChannels {
  names: readonly string[] = [];
  private reading = false;

  constructor(
    private readonly config: { backend: 'pulse' | 'alsa'; device?: string | undefined; channels?: number | undefined },
    private readonly env: NodeJS.ProcessEnv,
    private readonly warn: (msg: string) => void,
  ) {}

  refresh(): void {
    const { backend, device, channels } = this.config;
    if (backend !== 'pulse' || channels === undefined || this.reading) return;
    this.reading = true;
    readChannelMap(device, this.env)
      .then((names) => {
        if (names.length === channels) this.names = names;
        else this.warn(`the sink has ${names.length} channel(s) (${names.join(',')}), the speaker ${channels}`);
      })
      .catch((e: Error) => this.warn(`could not read the sink's channel names: ${e.message}`))
      .finally(() => (this.reading = false));
  }
}
