/**
 * The wide build of the default world (models/default-wide, for panoramas): its frames are as wide as its
 * manifest says, and the panorama example's three parts of them are each a projector's 16:9, not stretched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../config/loader.ts';
import { configSchema } from '../../config/schema.ts';
import { panoramaLayout } from '../../displays/projector/panorama.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { meanColour } from '../helpers/frames.ts';
import { OnnxWorldModel } from '../../models/onnx/model.ts';

let model: OnnxWorldModel;
beforeAll(async () => {
  model = await OnnxWorldModel.load('models/default-wide', { lookahead: 0, log: silentLogger() });
});
afterAll(() => model?.close());

describe('the wide default world', () => {
  it('makes frames of its manifest’s size, a landscape under a sky', async () => {
    const { width, height } = model.manifest;
    expect(width / height).toBeGreaterThan(4);
    const s = await model.openSession();
    const frame = (await s.next()).frames[0]!;
    expect({ w: frame.width, h: frame.height }).toEqual({ w: width, h: height });
    // the sky on top is blue, the land below is not
    const rows = Math.floor(height / 4);
    const top = meanColour({ ...frame, height: rows, data: frame.data.subarray(0, width * rows * 4) });
    expect(top[2]).toBeGreaterThan(top[0] + 40);
    await s.close();
  });

  it('gives each projector of the panorama example a 16:9 part', async () => {
    const config = await loadConfigFile('config/examples/panorama-three-projectors.yaml', configSchema);
    expect(config.model.path).toBe('models/default-wide');
    const { width, height } = model.manifest;
    for (const part of panoramaLayout(config.panorama!)) {
      const aspect = (part.region.width * width) / (part.region.height * height);
      expect(aspect).toBeCloseTo(16 / 9, 1);
    }
  });
});
