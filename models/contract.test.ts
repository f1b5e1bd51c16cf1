import { writeTinyFolder } from '../test/helpers/tiny-model.ts';
import { worldModelContract } from './contract.suite.ts';

worldModelContract({
  name: 'default world (640x360)',
  dir: async () => 'models/default',
  warmup: 12,
  maxShift: 40,
  groundRows: (h) => [Math.floor(h * 0.8), h],
  faceGround: { conditions: { look: [0, -2] }, steps: 10 },
});

worldModelContract({
  name: 'tiny scroller (built by the tests)',
  dir: () => writeTinyFolder(),
  warmup: 0,
  maxShift: 6,
  groundRows: (h) => [0, h],
});
