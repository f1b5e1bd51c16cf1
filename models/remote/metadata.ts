/** ModelMetadata against the manifest, at connect: what the server takes and gives, or a ModelLoadError. */
import { ModelLoadError } from '../contract/errors.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type { ModelMetadataResponse, TensorMetadata } from './proto.ts';
import { showShape, type Datatype } from './tensors.ts';

/** what one connected model takes and gives, as the requests and responses are built from it */
export interface RemoteIO {
  style: boolean;
  prompt: boolean;
  seed: boolean;
  /** the starting picture's size, when the model takes `image` (+ `image_present`) */
  image?: { width: number; height: number };
  frames: 'raw' | 'jpeg';
  /** the shape of `frame` (raw) or `frame_jpeg` ([T]) */
  frameShape: number[];
  audio?: number[];
}

const KNOWN_INPUTS = ['action', 'style', 'prompt', 'seed', 'image', 'image_present'];

type Want = { datatype: Datatype; shapes: number[][] };

function fits(t: TensorMetadata, want: Want): boolean {
  const shape = t.shape.map(Number);
  return (
    t.datatype === want.datatype &&
    want.shapes.some((s) => s.length === shape.length && s.every((d, i) => shape[i] === -1 || shape[i] === d))
  );
}

export class MetadataChecker {
  private readonly inputs: Map<string, TensorMetadata>;
  private readonly outputs: Map<string, TensorMetadata>;

  constructor(
    private readonly where: string,
    private readonly m: Manifest,
    md: ModelMetadataResponse,
  ) {
    this.inputs = new Map(md.inputs.map((t) => [t.name, t]));
    this.outputs = new Map(md.outputs.map((t) => [t.name, t]));
  }

  private fail(problem: string, tensor?: string): never {
    throw new ModelLoadError(this.where, [problem], tensor);
  }

  private check(kind: 'input' | 'output', name: string, want: Want, required = true): boolean {
    const t = (kind === 'input' ? this.inputs : this.outputs).get(name);
    if (!t) {
      if (!required) return false;
      const has = [...(kind === 'input' ? this.inputs : this.outputs).keys()].join(', ') || 'none';
      this.fail(
        `the server's ModelMetadata lists no ${kind} "${name}" (${kind}s: ${has}); wm/1 needs ${want.datatype} ${want.shapes.map(showShape).join(' or ')}`,
        name,
      );
    }
    if (!fits(t, want)) {
      const expected = want.shapes.map((s) => `${want.datatype} ${showShape(s)}`).join(' or ');
      this.fail(
        `${kind} "${name}" is ${t.datatype} ${showShape(t.shape.map(Number))} on the server, the manifest needs ${expected}`,
        name,
      );
    }
    return true;
  }

  /** every problem is a ModelLoadError naming the server, the model and the tensor */
  io(frames: 'raw' | 'jpeg'): RemoteIO {
    const m = this.m;
    this.check('input', 'action', { datatype: 'FP32', shapes: [[1, m.actions.length]] });
    const extra = [...this.inputs.keys()].find((n) => !KNOWN_INPUTS.includes(n));
    if (extra)
      this.fail(`input "${extra}" is no wm/1 input (${KNOWN_INPUTS.join(', ')}): the client cannot fill it`, extra);
    if (this.inputs.has('style') && !m.style)
      this.fail('input "style" is listed, but the manifest has no style to send', 'style');
    const style = m.style
      ? this.check('input', 'style', { datatype: 'FP32', shapes: [[1, m.style.size]] }, false)
      : false;
    const prompt = this.check('input', 'prompt', { datatype: 'BYTES', shapes: [[1]] }, false);
    const seed = this.check('input', 'seed', { datatype: 'FP32', shapes: [[1, 1]] }, false);
    const image = this.image();
    return {
      style,
      prompt,
      seed,
      ...(image ? { image } : {}),
      frames,
      frameShape: this.frameShape(frames),
      ...this.audio(),
    };
  }

  private image(): { width: number; height: number } | undefined {
    const t = this.inputs.get('image');
    if (!t) {
      if (this.inputs.has('image_present'))
        this.fail('input "image_present" is listed without "image"', 'image_present');
      return undefined;
    }
    const size = this.m.init?.image;
    const [, h, w] = t.shape.map(Number);
    const shape = size ? [1, size.height, size.width, 3] : [1, h ?? 0, w ?? 0, 3];
    this.check('input', 'image', { datatype: 'UINT8', shapes: [shape] });
    if (!(h! > 0 && w! > 0))
      this.fail(
        `input "image" has shape ${showShape(t.shape.map(Number))}: its height and width must be fixed`,
        'image',
      );
    this.check('input', 'image_present', { datatype: 'FP32', shapes: [[1, 1]] });
    return { width: shape[2]!, height: shape[1]! };
  }

  private frameShape(frames: 'raw' | 'jpeg'): number[] {
    const { width: w, height: h, framesPerStep: t } = this.m;
    if (frames === 'jpeg') {
      this.check('output', 'frame_jpeg', { datatype: 'BYTES', shapes: [[t]] });
      return [t];
    }
    const shapes =
      t === 1
        ? [
            [1, h, w, 4],
            [1, 1, h, w, 4],
          ]
        : [[1, t, h, w, 4]];
    this.check('output', 'frame', { datatype: 'UINT8', shapes });
    const listed = this.outputs.get('frame')!.shape.map(Number);
    return listed.length === 5 ? [1, t, h, w, 4] : [1, h, w, 4];
  }

  private audio(): { audio?: number[] } {
    if (!this.m.audio) return {};
    const shape = [1, this.m.audio.channels, this.m.audio.samplesPerStep];
    this.check('output', 'audio', { datatype: 'FP32', shapes: [shape] });
    return { audio: shape };
  }
}
