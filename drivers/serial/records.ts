import type { Value } from '../../runtime/core/signals.ts';
import type { BinaryField } from './schema.ts';

export class BadRecord extends Error {}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const text = (v: string): Value => (NUMBER.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v);

/** "temp=21.5 button=1" or "temp=21.5,hum=40" (pairs apart by spaces, semicolons, or commas); "stick=0.2,-1" is a vector */
export function parseKv(line: string): [string, Value][] {
  const tokens = line
    .split(/[\s;]+/)
    .filter(Boolean)
    .flatMap((t) => ((t.match(/=/g) ?? []).length > 1 ? t.split(',') : [t]));
  const out = tokens.map((p) => {
    const m = /^([A-Za-z_][\w.-]{0,63})[=:](.+)$/.exec(p);
    if (!m) throw new BadRecord(`"${p.slice(0, 40)}" is not key=value`);
    const parts = m[2]!.split(',');
    const value: Value = parts.length > 1 && parts.every((x) => NUMBER.test(x)) ? parts.map(Number) : text(m[2]!);
    return [m[1]!, value] as [string, Value];
  });
  if (!out.length) throw new BadRecord('an empty line');
  return out;
}

export function parseCsv(line: string, names: readonly string[]): [string, Value][] {
  const cells = line.split(',').map((c) => c.trim());
  if (names.length && cells.length !== names.length)
    throw new BadRecord(`${cells.length} values, framing.fields names ${names.length}`);
  return cells.map((c, i) => [names[i] ?? String(i), text(c)]);
}

export function parseJson(line: string): [string, Value][] {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    throw new BadRecord('not JSON');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new BadRecord('JSON that is not an object');
  return Object.entries(o).flatMap(([k, v]): [string, Value][] =>
    typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'
      ? [[k, v]]
      : Array.isArray(v) && v.every((x) => typeof x === 'number')
        ? [[k, v as number[]]]
        : [],
  );
}

const SIZE: Record<BinaryField['type'], number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4 };

/** a binary record: the fields in order, little-endian; the frame must be exactly their size */
export function parseBinary(frame: Uint8Array, fields: readonly BinaryField[]): [string, Value][] {
  const size = fields.reduce((n, f) => n + SIZE[f.type], 0);
  if (frame.length !== size) throw new BadRecord(`${frame.length} bytes, the record is ${size}`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let at = 0;
  return fields.map((f) => {
    const read = {
      u8: () => view.getUint8(at),
      i8: () => view.getInt8(at),
      u16: () => view.getUint16(at, true),
      i16: () => view.getInt16(at, true),
      u32: () => view.getUint32(at, true),
      i32: () => view.getInt32(at, true),
      f32: () => view.getFloat32(at, true),
    }[f.type];
    const v = read() * f.scale;
    at += SIZE[f.type];
    return [f.name, v];
  });
}
