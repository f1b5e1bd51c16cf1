#!/usr/bin/env node
/** nacre <command>: start | kiosk | snapshot | doctor | hid inspect | camera inspect */
import { parseArgs } from 'node:util';
import { inspect } from '../../drivers/gamepad/hid/inspect.ts';
import { inspectCamera } from '../../drivers/camera/inspect.ts';
import { modelServer } from './model-server.ts';
import { NUMBER_OPTIONS, numberProblem } from './numbers.ts';
import { doctor } from './doctor.ts';
import { kiosk } from './kiosk.ts';
import { snapshot } from './snapshot.ts';
import { start } from './start.ts';
import { service } from '../service/install.ts';

const USAGE = `usage: nacre <command> [options]

  start     run the exhibit described by a config file (default config/default.yaml)
            --config FILE  --seconds N  --provider cpu|cuda|tensorrt (overrides model.provider)
            (PORT in the environment overrides http.port)
  kiosk     Chromium full screen for each display on its output (the display's \`output\`, e.g. HDMI-1: X11's or sway's),
            restarted when it crashes or hangs, its page reloaded when it loses the runtime
            --config FILE  --server http://exhibit-pc:8080  --only ID,ID  --chromium PATH
  snapshot  render one frame to a JPEG
            --model DIR  --style NAME  --seed N  --steps N  --out FILE.jpg
  doctor    check this machine: Node, onnxruntime backends, devices, the model folder
            --model DIR  --provider cpu|cuda|tensorrt
  hid inspect [DEVICE] [--descriptor FILE] [--report HEX ...]
            what a controller sends: its parsed HID descriptor and decoded reports, as JSON
            (DEVICE: /dev/hidrawN or vid:pid; FILE: the descriptor as hex or raw bytes)
  camera inspect SOURCE [--width W --height H --fps N --frames N --min-face-score S]
            what perception sees, one JSON line per frame (SOURCE: /dev/video0, /dev/v4l/by-id/...,
            rtsp:// or http:// URL, or a video or image file); nothing is stored
  service install|uninstall|status   the exhibit as a systemd service (dedicated user, watchdog, restart)
            --config FILE  --user NAME (default nacre)  --dry-run (print the unit)
            --kiosk: the kiosk browsers' user unit instead (as the desktop user, no sudo)
  model-server  serve a PyTorch world model over KServe v2 gRPC (wm/1 remote binding; models/server)
            --model NAME|DIR  --port 8001  --device cpu|cuda  --max-sequences N  --idle-seconds S  --host ADDR
`;

// model-server takes its own options (python argparse): pass them through untouched
if (process.argv[2] === 'model-server') process.exit(await modelServer(process.argv.slice(3)));

/** the options each command takes; any other is refused rather than silently ignored */
const TAKES: Record<string, string[]> = {
  start: ['config', 'seconds', 'provider'],
  kiosk: ['config', 'server', 'only', 'chromium'],
  snapshot: ['model', 'provider', 'style', 'seed', 'steps', 'out'],
  doctor: ['model', 'provider'],
  hid: ['descriptor', 'report'],
  camera: ['width', 'height', 'fps', 'frames', 'min-face-score'],
  service: ['config', 'user', 'dry-run', 'kiosk'],
};

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    tokens: true,
    options: {
      model: { type: 'string', default: 'models/default' },
      provider: { type: 'string' },
      seconds: { type: 'string' },
      config: { type: 'string', short: 'c', default: 'config/default.yaml' },
      style: { type: 'string' },
      seed: { type: 'string', default: '1' },
      steps: { type: 'string', default: '3' },
      out: { type: 'string' },
      descriptor: { type: 'string' },
      report: { type: 'string', multiple: true, default: [] },
      width: { type: 'string' },
      height: { type: 'string' },
      fps: { type: 'string' },
      frames: { type: 'string' },
      'min-face-score': { type: 'string' },
      user: { type: 'string', default: 'nacre' },
      'dry-run': { type: 'boolean', default: false },
      kiosk: { type: 'boolean', default: false },
      server: { type: 'string' },
      only: { type: 'string' },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  // an option no command knows, or one without its value
  usageError((err as Error).message);
}
const { positionals, values, tokens } = parsed;

const given = tokens.flatMap((t) => (t.kind === 'option' && t.name !== 'help' ? [t.name] : []));
const takes = TAKES[positionals[0] ?? ''];
const refused = takes ? [...new Set(given.filter((name) => !takes.includes(name)))] : [];
if (takes && refused.length > 0) {
  const them = refused.map((n) => `--${n}`).join(', ');
  const its = takes.length ? `it takes ${takes.map((n) => `--${n}`).join(', ')}` : 'it takes no options';
  usageError(`nacre ${positionals[0]} does not take ${them}: ${its}`);
}

const provider = values.provider ?? 'cpu';
if (provider !== 'cpu' && provider !== 'cuda' && provider !== 'tensorrt')
  usageError(`--provider must be cpu, cuda or tensorrt, not "${provider}"`);
for (const name of Object.keys(NUMBER_OPTIONS)) {
  const value = values[name as keyof typeof values];
  const problem = typeof value === 'string' ? numberProblem(name, value) : undefined;
  if (problem) usageError(problem);
}
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);

const commands: Record<string, () => Promise<number>> = {
  start: () =>
    start({ config: values.config, ...(seconds ? { seconds } : {}), ...(values.provider ? { provider } : {}) }),
  snapshot: () =>
    snapshot({
      model: values.model,
      provider,
      seed: Number(values.seed),
      steps: Number(values.steps),
      out: values.out ?? 'snapshot.jpg',
      ...(values.style ? { style: values.style } : {}),
    }),
  doctor: () => doctor({ model: values.model, provider }),
  service: () =>
    service({
      action: positionals[1] ?? '',
      config: values.config,
      user: values.user,
      dryRun: values['dry-run'],
      kiosk: values.kiosk,
    }),
  kiosk: () =>
    kiosk({
      config: values.config,
      ...(values.server ? { server: values.server } : {}),
      ...(values.only ? { only: values.only } : {}),
      ...(values.chromium ? { chromium: values.chromium } : {}),
    }),
  hid: async () => {
    if (positionals[1] !== 'inspect')
      throw new Error('usage: nacre hid inspect [DEVICE] [--descriptor FILE] [--report HEX ...]');
    const device = positionals[2];
    const result = await inspect({
      ...(device ? { device } : {}),
      ...(values.descriptor ? { descriptorFile: values.descriptor } : {}),
      reports: values.report,
    });
    console.log(JSON.stringify(result, null, 1));
    return 0;
  },
  camera: async () => {
    const source = positionals[2];
    if (positionals[1] !== 'inspect' || !source)
      throw new Error('usage: nacre camera inspect SOURCE [--width W --height H --fps N --frames N]');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    const opts = {
      width: num(values.width),
      height: num(values.height),
      fps: num(values.fps),
      frames: num(values.frames),
      minFaceScore: num(values['min-face-score']),
    };
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
    return inspectCamera({ source, signal: stop.signal, ...given }, (line) => console.log(line));
  },
};

const command = positionals[0];
if (values.help || !command || !commands[command]) {
  process.stdout.write(USAGE);
  process.exit(values.help ? 0 : 2);
}
try {
  process.exitCode = await commands[command]!();
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
