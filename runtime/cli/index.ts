#!/usr/bin/env node
/** nacre <command>: start | snapshot | doctor */
import { parseArgs } from 'node:util';
import { doctor } from './doctor.ts';
import { snapshot } from './snapshot.ts';
import { start } from './start.ts';

const USAGE = `usage: nacre <command> [options]

  start     run the exhibit described by a config file (default config/default.yaml)
            --config FILE  --seconds N   (PORT in the environment overrides http.port)
  snapshot  render one frame to a JPEG
            --model DIR  --style NAME  --seed N  --steps N  --out FILE.jpg
  doctor    check this machine: Node, onnxruntime backends, the model folder
            --model DIR  --provider cpu|cuda|tensorrt
`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string', default: 'models/default' },
    provider: { type: 'string', default: 'cpu' },
    seconds: { type: 'string' },
    config: { type: 'string', short: 'c', default: 'config/default.yaml' },
    style: { type: 'string' },
    seed: { type: 'string', default: '1' },
    steps: { type: 'string', default: '3' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const provider = values.provider;
if (provider !== 'cpu' && provider !== 'cuda' && provider !== 'tensorrt') {
  console.error(`--provider must be cpu, cuda or tensorrt, not "${provider}"`);
  process.exit(2);
}

const commands: Record<string, () => Promise<number>> = {
  start: () => start({ config: values.config, ...(values.seconds ? { seconds: Number(values.seconds) } : {}) }),
  snapshot: () =>
    snapshot({ model: values.model, provider, seed: Number(values.seed), steps: Number(values.steps), out: values.out ?? 'snapshot.jpg', ...(values.style ? { style: values.style } : {}) }),
  doctor: () => doctor({ model: values.model, provider }),
};

const command = positionals[0];
if (values.help || !command || !commands[command]) {
  process.stdout.write(USAGE);
  process.exit(values.help ? 0 : 2);
}
process.exitCode = await commands[command]!();
