import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelLoadOptions, WorldModel, WorldModelBackend } from '../runtime/core/world-model.ts';
import { ModelLoadError } from './contract/errors.ts';
import { displayPath } from './contract/folder.ts';
import { OnnxWorldModel } from './onnx/model.ts';
import { RemoteWorldModel } from './remote/model.ts';
import { HappyOysterWorldModel } from './happyoyster/model.ts';
import { scopeBackend } from './scope/backend.ts';

export const onnxBackend: WorldModelBackend = {
  kind: 'onnx',
  accepts: (_manifest, files) => files.modelOnnx,
  load: (dir, opts) => OnnxWorldModel.load(dir, opts),
};

/** a folder whose manifest has `remote` and no model.onnx: an inference server runs it (models/remote) */
export const remoteBackend: WorldModelBackend = {
  kind: 'remote',
  accepts: (manifest, files) => !files.modelOnnx && manifest.remote !== null && typeof manifest.remote === 'object',
  load: (dir, opts) => RemoteWorldModel.load(dir, opts),
};

/** a folder whose manifest has `happyoyster`: a HappyOyster world that a display page hosts (models/happyoyster) */
export const happyOysterBackend: WorldModelBackend = {
  kind: 'happyoyster',
  accepts: (manifest, files) =>
    !files.modelOnnx && manifest.happyoyster !== null && typeof manifest.happyoyster === 'object',
  load: (dir, opts) => HappyOysterWorldModel.load(dir, opts),
};

/** Every backend a model folder can ask for, in the order they are asked. */
export const MODEL_BACKENDS: WorldModelBackend[] = [onnxBackend, remoteBackend, scopeBackend, happyOysterBackend];

/**
 * The backend a model folder asks for: a folder with model.onnx runs in-process on onnxruntime; a folder
 * with a `remote` entry and no model.onnx runs on an inference server. Reading and checking the manifest
 * itself is the chosen backend's job, so its errors stay as precise as they are today.
 */
export async function chooseBackend(dir: string, backends = MODEL_BACKENDS): Promise<WorldModelBackend> {
  const modelOnnx = await access(join(dir, 'model.onnx')).then(
    () => true,
    () => false,
  );
  const manifest = await readRawManifest(dir);
  return backends.find((b) => b.accepts(manifest, { modelOnnx })) ?? onnxBackend;
}

export async function loadWorldModel(
  dir: string,
  opts: ModelLoadOptions,
  backends = MODEL_BACKENDS,
): Promise<WorldModel> {
  const backend = await chooseBackend(dir, backends);
  return backend.load(dir, opts);
}

async function readRawManifest(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'manifest.json');
  try {
    const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
    return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  } catch (err) {
    // a missing or broken manifest is reported by the backend that reads it properly (with its line)
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return {};
    throw new ModelLoadError(displayPath(path), [`cannot be read: ${(err as Error).message}`]);
  }
}
