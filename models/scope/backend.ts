import type { WorldModelBackend } from '../../runtime/core/world-model.ts';
import { isScopeManifest } from './manifest.ts';
import { ScopeWorldModel } from './model.ts';

/** a folder whose manifest has `scope` and no model.onnx: a Daydream Scope server runs it (models/scope) */
export const scopeBackend: WorldModelBackend = {
  kind: 'scope',
  accepts: (manifest, files) => !files.modelOnnx && isScopeManifest(manifest),
  load: (dir, opts) => ScopeWorldModel.load(dir, opts),
};
