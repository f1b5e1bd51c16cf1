import { ModelLoadError } from './errors.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';

/** What onnxruntime reports about one input or output of a loaded graph. */
export interface TensorInfo {
  name: string;
  type: string;
  shape: readonly (number | string)[];
}

export interface GraphIO {
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
}

interface Expected {
  type: string;
  shapes: readonly (readonly number[])[];
}

const show = (s: readonly (number | string)[]) => `[${s.join(', ')}]`;

function check(
  file: string,
  kind: 'input' | 'output',
  actual: TensorInfo | undefined,
  name: string,
  want: Expected,
): void {
  if (!actual) throw new ModelLoadError(file, [`the graph has no ${kind} "${name}"`], name);
  const problems: string[] = [];
  if (actual.type !== want.type) problems.push(`${kind} "${name}" is ${actual.type}, wm/1 needs ${want.type}`);
  const fits = want.shapes.some((s) => s.length === actual.shape.length && s.every((d, i) => d === actual.shape[i]));
  if (!fits) {
    problems.push(
      `${kind} "${name}" has shape ${show(actual.shape)}, the manifest needs ${want.shapes.map(show).join(' or ')}`,
    );
  }
  if (problems.length) throw new ModelLoadError(file, problems, name);
}

function unexpected(file: string, kind: 'input' | 'output', infos: readonly TensorInfo[], known: Set<string>): void {
  const extra = infos.find((t) => !known.has(t.name));
  if (extra) {
    throw new ModelLoadError(
      file,
      [`unexpected ${kind} "${extra.name}": wm/1 ${kind}s are ${[...known].join(', ')}`],
      extra.name,
    );
  }
}

/** Checks model.onnx against its manifest; throws a ModelLoadError naming the file and the tensor. */
export function checkStepGraph(file: string, m: Manifest, io: GraphIO): void {
  const byName = (list: readonly TensorInfo[]) => new Map(list.map((t) => [t.name, t]));
  const inputs = byName(io.inputs);
  const outputs = byName(io.outputs);
  const a = m.actions.length;
  const t = m.framesPerStep;
  const actionShapes =
    t === 1
      ? [[1, a]]
      : [
          [1, a],
          [1, t, a],
        ];
  check(file, 'input', inputs.get('action'), 'action', { type: 'float32', shapes: actionShapes });
  const knownIn = new Set(['action']);
  if (m.style) {
    check(file, 'input', inputs.get('style'), 'style', { type: 'float32', shapes: [[1, m.style.size]] });
    knownIn.add('style');
  }
  const knownOut = new Set(['frame']);
  const frameShapes = t === 1 ? [[1, m.height, m.width, 4]] : [[1, t, m.height, m.width, 4]];
  check(file, 'output', outputs.get('frame'), 'frame', { type: 'uint8', shapes: frameShapes });
  if (m.audio) {
    const { channels, samplesPerStep } = m.audio;
    check(file, 'output', outputs.get('audio'), 'audio', { type: 'float32', shapes: [[1, channels, samplesPerStep]] });
    knownOut.add('audio');
  }
  for (const [name, spec] of Object.entries(m.state)) {
    const want = { type: spec.dtype, shapes: [spec.shape] };
    check(file, 'input', inputs.get(`state.${name}`), `state.${name}`, want);
    check(file, 'output', outputs.get(`state_out.${name}`), `state_out.${name}`, want);
    knownIn.add(`state.${name}`);
    knownOut.add(`state_out.${name}`);
  }
  unexpected(file, 'input', io.inputs, knownIn);
  unexpected(file, 'output', io.outputs, knownOut);
}

/** Checks init.onnx: the inputs the manifest lists, and a state_out.<name> for every state tensor. */
export function checkInitGraph(file: string, m: Manifest, io: GraphIO): void {
  if (!m.init) return;
  const inputs = new Map(io.inputs.map((x) => [x.name, x]));
  const outputs = new Map(io.outputs.map((x) => [x.name, x]));
  for (const name of m.init.inputs) {
    if (name === 'seed') check(file, 'input', inputs.get('seed'), 'seed', { type: 'float32', shapes: [[1, 1]] });
    if (name === 'style') {
      if (!m.style) throw new ModelLoadError(file, ['init takes "style" but the manifest has no style'], 'style');
      check(file, 'input', inputs.get('style'), 'style', { type: 'float32', shapes: [[1, m.style.size]] });
    }
    if (name === 'image') {
      const { width, height } = m.init.image!;
      check(file, 'input', inputs.get('image'), 'image', { type: 'uint8', shapes: [[1, height, width, 3]] });
      check(file, 'input', inputs.get('image_present'), 'image_present', { type: 'float32', shapes: [[1, 1]] });
    }
  }
  const expected = new Set<string>(m.init.inputs);
  if (m.init.inputs.includes('image')) expected.add('image_present');
  unexpected(file, 'input', io.inputs, expected);
  const styleOut = outputs.get('style_out');
  if (styleOut) {
    if (!m.style) throw new ModelLoadError(file, ['init gives "style_out" but the manifest has no style'], 'style_out');
    check(file, 'output', styleOut, 'style_out', { type: 'float32', shapes: [[1, m.style.size]] });
  }
  for (const [name, spec] of Object.entries(m.state)) {
    check(file, 'output', outputs.get(`state_out.${name}`), `state_out.${name}`, {
      type: spec.dtype,
      shapes: [spec.shape],
    });
  }
}
