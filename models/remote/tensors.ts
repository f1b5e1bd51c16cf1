/** wm/1 tensors in raw_input_contents / raw_output_contents: little-endian, row-major; BYTES length-prefixed. */
import { endianness } from 'node:os';
import type { InferInputTensor, ModelInferResponse } from './proto.ts';

if (endianness() !== 'LE')
  throw new Error('the remote model client sends raw little-endian tensors: this machine is big-endian');

export type Datatype = 'FP32' | 'UINT8' | 'BYTES';

export interface InputTensor {
  meta: InferInputTensor;
  raw: Uint8Array;
}

export function fp32Input(name: string, shape: number[], values: Float32Array): InputTensor {
  return {
    meta: { name, datatype: 'FP32', shape },
    raw: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

export function uint8Input(name: string, shape: number[], values: Uint8Array): InputTensor {
  return { meta: { name, datatype: 'UINT8', shape }, raw: values };
}

/** BYTES: each element a 4-byte little-endian length, then its bytes */
export function encodeBytes(items: readonly Uint8Array[]): Buffer {
  const out = Buffer.allocUnsafe(items.reduce((n, b) => n + 4 + b.byteLength, 0));
  let at = 0;
  for (const item of items) {
    out.writeUInt32LE(item.byteLength, at);
    out.set(item, at + 4);
    at += 4 + item.byteLength;
  }
  return out;
}

export function bytesInput(name: string, items: readonly Uint8Array[]): InputTensor {
  return { meta: { name, datatype: 'BYTES', shape: [items.length] }, raw: encodeBytes(items) };
}

/** BYTES elements as views into `raw`; throws on a length that runs past the end */
export function decodeBytes(raw: Uint8Array, expected: number): Uint8Array[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const items: Uint8Array[] = [];
  let at = 0;
  while (at < raw.byteLength) {
    if (at + 4 > raw.byteLength) throw new Error(`BYTES element ${items.length} has a cut length prefix`);
    const len = view.getUint32(at, true);
    if (at + 4 + len > raw.byteLength)
      throw new Error(`BYTES element ${items.length} says ${len} bytes, ${raw.byteLength - at - 4} are left`);
    items.push(raw.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  if (items.length !== expected) throw new Error(`holds ${items.length} BYTES elements, its shape says ${expected}`);
  return items;
}

/** FP32 raw bytes as a Float32Array of its own (the message buffer need not be 4-byte aligned) */
export function readFp32(raw: Uint8Array): Float32Array {
  const out = new Float32Array(raw.byteLength / 4);
  new Uint8Array(out.buffer).set(raw);
  return out;
}

export interface OutputTensor {
  datatype: string;
  shape: number[];
  raw: Buffer;
}

export const showShape = (s: readonly number[]) => `[${s.join(', ')}]`;

/** the response's outputs by name; throws naming what is malformed */
export function responseOutputs(r: ModelInferResponse): Map<string, OutputTensor> {
  const outputs = r.outputs ?? [];
  const raws = r.raw_output_contents ?? [];
  if (raws.length !== outputs.length) {
    throw new Error(
      `the response lists ${outputs.length} outputs but carries ${raws.length} raw_output_contents (wm/1 sends raw tensors)`,
    );
  }
  return new Map(outputs.map((o, i) => [o.name, { datatype: o.datatype, shape: o.shape.map(Number), raw: raws[i]! }]));
}

/** checks one output's datatype, shape and byte length; returns its raw bytes */
export function expectOutput(
  outputs: Map<string, OutputTensor>,
  name: string,
  datatype: Datatype,
  shape: readonly number[],
): OutputTensor {
  const o = outputs.get(name);
  if (!o) throw new Error(`the response has no output "${name}" (it has ${[...outputs.keys()].join(', ') || 'none'})`);
  const same = o.shape.length === shape.length && o.shape.every((d, i) => d === shape[i]);
  if (o.datatype !== datatype || !same) {
    throw new Error(
      `output "${name}" is ${o.datatype} ${showShape(o.shape)}, expected ${datatype} ${showShape(shape)}`,
    );
  }
  if (datatype !== 'BYTES') {
    const bytes = shape.reduce((a, b) => a * b, 1) * (datatype === 'FP32' ? 4 : 1);
    if (o.raw.byteLength !== bytes)
      throw new Error(
        `output "${name}" carries ${o.raw.byteLength} bytes, ${datatype} ${showShape(shape)} is ${bytes}`,
      );
  }
  return o;
}
