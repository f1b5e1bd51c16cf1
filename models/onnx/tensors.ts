import * as ort from 'onnxruntime-node';
import type { StateDtype } from '../../runtime/core/manifest.ts';
import type { SavedTensor } from '../../runtime/core/world-model.ts';

type Typed = Float32Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

const VIEW: Record<StateDtype, (b: ArrayBuffer) => Typed> = {
  float32: (b) => new Float32Array(b),
  float16: (b) => new Uint16Array(b),
  int32: (b) => new Int32Array(b),
  int64: (b) => new BigInt64Array(b),
  uint8: (b) => new Uint8Array(b),
  int8: (b) => new Int8Array(b),
  bool: (b) => new Uint8Array(b),
};

export function tensorFrom(dtype: StateDtype, shape: readonly number[], data: ArrayBuffer): ort.Tensor {
  return new ort.Tensor(dtype, VIEW[dtype](data) as never, shape);
}

export function filledTensor(
  dtype: StateDtype,
  shape: readonly number[],
  init: number | readonly number[],
): ort.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = { float32: 4, float16: 2, int32: 4, int64: 8, uint8: 1, int8: 1, bool: 1 }[dtype];
  const view = VIEW[dtype](new ArrayBuffer(count * bytes));
  for (let i = 0; i < count; i++) {
    const v = typeof init === 'number' ? init : (init[i] ?? 0);
    if (view instanceof BigInt64Array) view[i] = BigInt(Math.trunc(v));
    else view[i] = v;
  }
  return new ort.Tensor(dtype, view as never, shape);
}

/** A copy of the tensor's bytes (ORT may reuse or free its own). */
export function saveTensor(t: ort.Tensor): SavedTensor {
  const src = t.data as Typed;
  const data = new Uint8Array(src.buffer, src.byteOffset, src.byteLength).slice().buffer;
  return { dtype: t.type as StateDtype, shape: [...t.dims], data };
}

/** The tensor's buffer, to transfer to another thread; copied only if the view does not own it all. */
export function ownedBytes<T extends Uint8Array | Float32Array>(view: T): T {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) return view;
  return view.slice() as T;
}
