import { writeFile } from 'node:fs/promises';
import { OnnxWorldModel } from '../../models/onnx/model.ts';
import type { Provider } from '../../models/onnx/protocol.ts';
import { silentLogger } from '../core/log.ts';
import { frameToJpeg } from './encode.ts';

export interface SnapshotOptions {
  model: string;
  provider: Provider;
  style?: string;
  seed: number;
  steps: number;
  out: string;
}

export async function snapshot(o: SnapshotOptions): Promise<number> {
  const model = await OnnxWorldModel.load(o.model, { provider: o.provider, lookahead: 0, log: silentLogger() });
  try {
    const session = await model.openSession({ seed: o.seed, ...(o.style ? { style: o.style } : {}) });
    let frame;
    for (let i = 0; i < Math.max(1, o.steps); i++) frame = (await session.next()).frames.at(-1);
    await writeFile(o.out, frameToJpeg(frame!));
    console.log(
      `${o.out}: ${model.manifest.name} ${frame!.width}x${frame!.height}, style ${session.style}, seed ${o.seed}`,
    );
    return 0;
  } finally {
    await model.close();
  }
}
