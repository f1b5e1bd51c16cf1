import { cpus } from 'node:os';
import { logger } from '../../runtime/core/log.ts';
import { ConditionEncoder, IMAGE_STYLE } from '../conditions.ts';
import { fitRgb } from '../image.ts';
import type { RgbImage } from '../../runtime/core/world-model.ts';
import { ModelLoadError, ModelRunError } from '../contract/errors.ts';
import { displayPath, readModelFolder, type ModelFolder } from '../contract/folder.ts';
import { checkInitGraph, checkStepGraph } from '../contract/graph.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type {
  BackendStatus,
  ModelLoadOptions,
  ModelSession,
  OpenSessionOptions,
  WorldModel,
} from '../../runtime/core/world-model.ts';
import { OnnxSession } from './session.ts';
import { WorkerClient } from './worker-client.ts';

export type OnnxModelOptions = ModelLoadOptions;

/** A wm/1 model folder run by onnxruntime-node in a worker thread. */
export class OnnxWorldModel implements WorldModel {
  private session: OnnxSession | undefined;

  private constructor(
    readonly folder: ModelFolder,
    private readonly worker: WorkerClient,
    private readonly lookahead: 0 | 1,
    private readonly provider: string,
  ) {}

  get manifest(): Manifest {
    return this.folder.manifest;
  }

  static async load(dir: string, opts: OnnxModelOptions = {}): Promise<OnnxWorldModel> {
    opts.progress?.({ what: 'reading the model folder' });
    const folder = await readModelFolder(dir);
    const log = opts.log ?? logger('model:onnx');
    const worker = new WorkerClient(log);
    opts.progress?.({ what: `onnxruntime loads ${folder.manifest.name} (${opts.provider ?? 'cpu'})` });
    try {
      const reply = await worker.once({
        kind: 'load',
        modelPath: folder.modelPath,
        ...(folder.initPath ? { initPath: folder.initPath } : {}),
        manifest: folder.manifest,
        provider: opts.provider ?? 'cpu',
        threads: opts.threads ?? cpus().length,
      });
      if (reply.kind === 'load-failed') {
        throw new ModelLoadError(displayPath(reply.file), [loadProblem(reply.message)]);
      }
      if (reply.kind !== 'loaded')
        throw new ModelLoadError(displayPath(folder.modelPath), [`unexpected reply ${reply.kind}`]);
      checkStepGraph(displayPath(folder.modelPath), folder.manifest, reply.step);
      if (folder.initPath && reply.init) checkInitGraph(displayPath(folder.initPath), folder.manifest, reply.init);
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    log.info(
      { model: folder.manifest.name, dir: displayPath(folder.dir), provider: opts.provider ?? 'cpu' },
      'model loaded',
    );
    return new OnnxWorldModel(folder, worker, opts.lookahead ?? 1, opts.provider ?? 'cpu');
  }

  async openSession(opts: OpenSessionOptions = {}): Promise<ModelSession> {
    opts.abort?.throwIfAborted();
    await this.session?.close();
    const encoder = new ConditionEncoder(this.manifest);
    if (opts.style && !encoder.setStyle(opts.style)) {
      throw new ModelRunError(
        `style "${opts.style}" is not a preset of ${this.manifest.name}: ${encoder.presets.join(', ')}`,
        'bad-state',
      );
    }
    const style = encoder.styleInput();
    const image = opts.image ? this.initImage(opts.image) : undefined;
    const reply = await this.worker.request({
      kind: 'init',
      seed: opts.seed ?? 0,
      ...(style ? { style } : {}),
      ...(image ? { image } : {}),
    });
    if (reply.kind !== 'done')
      throw new ModelRunError(`initial state failed: ${'message' in reply ? reply.message : reply.kind}`, 'run-failed');
    if (reply.style) encoder.holdStyle(IMAGE_STYLE, reply.style);
    this.session = new OnnxSession(this.worker, this.manifest, encoder, this.lookahead);
    return this.session;
  }

  private initImage(image: RgbImage): Uint8Array {
    const size = this.manifest.init?.inputs.includes('image') ? this.manifest.init.image : undefined;
    if (!size)
      throw new ModelRunError(
        `model "${this.manifest.name}" cannot start from a picture (its init.onnx takes no "image")`,
        'bad-state',
      );
    return fitRgb(image, size.width, size.height);
  }

  onFailure(fn: (err: Error) => void): () => void {
    return this.worker.onDeath(fn);
  }

  describe(): BackendStatus {
    return { backend: 'onnx', where: `onnxruntime ${this.provider} in a worker thread` };
  }

  /** makes the worker crash (tests, and a diagnostic for operators); onFailure listeners are told */
  crash(): void {
    this.worker.crash();
  }

  async close(): Promise<void> {
    await this.session?.close();
    await this.worker.terminate();
  }
}

function loadProblem(message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (/No such file|does not exist|Load model from .* failed:.*(open|exist)/i.test(first)) return 'file not found';
  return `onnxruntime cannot load it: ${first}`;
}
