/** The wm/1 contract suite on the remote backend: the tiny scroller served by an in-process gRPC stand-in. */
import { afterAll } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { startStandIn, writeRemoteTinyFolder, type StandIn } from '../../test/helpers/inference-stand-in.ts';
import { worldModelContract } from '../contract.suite.ts';
import { RemoteWorldModel } from './model.ts';

let server: StandIn | undefined;
afterAll(() => server?.stop());

for (const frames of ['raw', 'jpeg'] as const) {
  worldModelContract({
    name: `tiny scroller on an inference server (remote, ${frames} frames)`,
    dir: async () => {
      server ??= await startStandIn();
      return writeRemoteTinyFolder({ url: server.url, frames, jpegQuality: 100 });
    },
    load: (dir) => RemoteWorldModel.load(dir, { lookahead: 0, log: silentLogger() }),
    warmup: 0,
    maxShift: 6,
    groundRows: (h) => [0, h],
    noSaveState:
      'a remote world keeps its state in the server, which the wm/1 binding cannot export (saveState rejects: remote.test.ts)',
  });
}
