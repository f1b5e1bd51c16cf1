import type { SpeakerConfig } from './schema.ts';

export interface StreamFormat {
  rate: number;
  channels: number;
}

/** How to run one standard command-line player that reads interleaved float32 LE on stdin. */
export interface Player {
  bin: string;
  args: string[];
  /** the Debian package that provides `bin` */
  pkg: string;
  /** a stderr line the player prints (with -v) once its device is open */
  ready: RegExp;
  /** stderr lines that report progress, not trouble */
  chatter: RegExp;
  /** what to do about the failure that left this on stderr ('' when there is nothing specific to say) */
  advise(stderr: string): string;
}

export function playerFor(config: SpeakerConfig, f: StreamFormat): Player {
  return config.backend === 'pulse' ? pacat(config, f) : aplay(config, f);
}

function pacat(config: SpeakerConfig, f: StreamFormat): Player {
  const { device } = config;
  return {
    bin: 'pacat',
    pkg: 'pulseaudio-utils',
    args: [
      '--playback',
      '--raw',
      '--format=float32le',
      `--rate=${f.rate}`,
      `--channels=${f.channels}`,
      // a routing matrix means sink channels by number: PulseAudio must not remap them by name nor remix them
      ...(config.channels !== undefined ? ['--no-remap', '--no-remix'] : []),
      ...(device ? [`--device=${device}`] : []),
      `--latency-msec=${config.latencyMs}`,
      '--client-name=nacre',
      '-v',
    ],
    ready: /Stream successfully created/,
    // -v repaints "Time: ...; Latency: ..." many times a second
    chatter:
      /^(Time: |Opening a |Connection established|Stream successfully created|Buffer metrics|Using sample spec|Connected to device|Stream (started|underrun|moved|suspended|resumed|buffer attributes)|Got EOF|Playback stream drained|Draining connection|Got signal)/,
    advise(stderr) {
      if (/No such entity/.test(stderr)) {
        return device
          ? `PulseAudio has no sink "${device}"; list sinks with \`pactl list short sinks\``
          : 'PulseAudio has no default sink; list sinks with `pactl list short sinks`';
      }
      if (/Connection refused|Connection failure|Connection terminated|pa_context_connect/.test(stderr)) {
        return 'is PulseAudio running for this user? (`pactl info` must answer)';
      }
      if (/Access denied/.test(stderr)) return 'the PulseAudio server refused this user (cookie or socket permissions)';
      return '';
    },
  };
}

function aplay(config: SpeakerConfig, f: StreamFormat): Player {
  const device = config.device ?? 'default';
  return {
    bin: 'aplay',
    pkg: 'alsa-utils',
    args: [
      '-q',
      '-v',
      '-t',
      'raw',
      '-f',
      'FLOAT_LE',
      '-r',
      String(f.rate),
      '-c',
      String(f.channels),
      '-D',
      device,
      `--buffer-time=${config.latencyMs * 1000}`,
    ],
    ready: /Its setup is:/,
    // -v dumps the PCM setup: "Null PCM", "Its setup is:", "  rate : 48000", "Slave: Hardware PCM card 0 ..."
    chatter: /^(\w+( \w+)? PCM\b.*|Its setup is:|Slave: .*|\w+\s*: \S+|Playing raw data .*)$/,
    advise(stderr) {
      if (/busy/i.test(stderr)) return `ALSA device "${device}" is busy (another program holds it; try backend pulse)`;
      if (/Unknown PCM|audio open error|cannot find card/.test(stderr)) {
        return `ALSA device "${device}" cannot be opened; list devices with \`aplay -L\``;
      }
      if (/format|rate|channels/i.test(stderr))
        return `ALSA device "${device}" cannot play float32 at ${f.rate} Hz x${f.channels}`;
      return '';
    },
  };
}
