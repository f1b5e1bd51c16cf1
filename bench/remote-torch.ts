/**
 * npm run bench:remote-torch -- the kiosk's remote backend against `nacre model-server` on a device:
 *
 *   NACRE_PYTHON=/path/to/python3 tsx bench/remote-torch.ts [--device cuda] [--models default,default-1280x720]
 *
 * The runtime's own RemoteWorldModel over real gRPC on loopback, raw and JPEG frames, per model one JSON line:
 * the latency of one step (lookahead 0), the steps a second with the next step asked for while the last is
 * shown (lookahead 1), the share of the main thread it takes, and the bytes a frame. NACRE_PYTHON names a
 * python3 whose torch has CUDA (Debian's has none).
 */
import { parseArgs } from 'node:util';
import { silentLogger } from '../runtime/core/log.ts';
import { RemoteWorldModel } from '../models/remote/model.ts';
import { startServer } from '../models/server/server-process.ts';
import { figures, remoteFolder, type StepFigures } from './remote-figures.ts';

const log = silentLogger();
const round = (f: StepFigures) => ({
  stepMs: Number(f.stepMs.toFixed(2)),
  stepsPerSecond: Number(f.stepsPerSecond.toFixed(1)),
  mainShare: Number(f.mainShare.toFixed(3)),
  bytesPerFrame: Math.round(f.bytesPerFrame),
});

async function main() {
  const { values } = parseArgs({
    options: {
      device: { type: 'string', default: 'cpu' },
      models: { type: 'string', default: 'default,default-1280x720' },
      steps: { type: 'string', default: '60' },
    },
  });
  for (const name of values.models.split(',')) {
    const srv = await startServer(['--model', name, '--port', '0', '--device', values.device]);
    const url = `grpc://${srv.target}`;
    try {
      const load = (frames: 'raw' | 'jpeg') => (lookahead: 0 | 1) =>
        RemoteWorldModel.load(remoteFolder(`models/${name}`, { url, model: name, frames }), { lookahead, log });
      const steps = Number(values.steps);
      const raw = round(await figures(load('raw'), steps));
      const jpeg = round(await figures(load('jpeg'), steps));
      console.log(JSON.stringify({ model: name, device: values.device, raw, jpeg }));
    } finally {
      await srv.stop();
    }
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
