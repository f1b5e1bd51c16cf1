import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ModelState, SavedTensor } from '../core/world-model.ts';
import type { SessionPosition } from './position.ts';

/** What a checkpoint says about itself (its header), without the tensors' bytes. */
export interface CheckpointHeader {
  format: 'nacre-checkpoint/1';
  model: string;
  step: number;
  style?: string;
  /** Date.now() when it was taken */
  savedAt: number;
  /** sha256 of the tensors (names, dtypes, shapes, bytes), to tell one world from another */
  digest: string;
  tensors: Record<string, { dtype: SavedTensor['dtype']; shape: number[]; bytes: number }>;
  /** the session's phase and times and the show's standby cue (checked with positionSchema when read back) */
  position?: SessionPosition;
}

const MAGIC = Buffer.from('NACRECK1');

/** sha256 over the tensors in name order: the same world state gives the same digest */
export function stateDigest(tensors: ModelState['tensors']): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name]!;
    hash.update(`${name}:${t.dtype}:${t.shape.join('x')}:`);
    hash.update(new Uint8Array(t.data));
  }
  return hash.digest('hex');
}

/** the file's bytes: magic, header length, JSON header, then each tensor's bytes in header order */
export function encodeCheckpoint(
  state: ModelState,
  savedAt: number,
  position?: SessionPosition,
): { header: CheckpointHeader; bytes: Buffer } {
  const names = Object.keys(state.tensors).sort();
  const header: CheckpointHeader = {
    format: 'nacre-checkpoint/1',
    model: state.model,
    step: state.step,
    ...(state.style ? { style: state.style } : {}),
    savedAt,
    digest: stateDigest(state.tensors),
    tensors: Object.fromEntries(
      names.map((n) => {
        const t = state.tensors[n]!;
        return [n, { dtype: t.dtype, shape: t.shape, bytes: t.data.byteLength }];
      }),
    ),
    ...(position && { position }),
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const data = names.map((n) => Buffer.from(state.tensors[n]!.data));
  return { header, bytes: Buffer.concat([MAGIC, length, json, ...data]) };
}

export function decodeCheckpoint(bytes: Buffer): { header: CheckpointHeader; state: ModelState } {
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC)) throw new Error('not a Nacre checkpoint');
  const length = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + length).toString()) as CheckpointHeader;
  if (header.format !== 'nacre-checkpoint/1') throw new Error(`unknown checkpoint format ${String(header.format)}`);
  let at = 12 + length;
  const tensors: ModelState['tensors'] = {};
  for (const [name, t] of Object.entries(header.tensors)) {
    if (at + t.bytes > bytes.length) throw new Error(`checkpoint truncated in tensor "${name}"`);
    const data = new ArrayBuffer(t.bytes);
    new Uint8Array(data).set(bytes.subarray(at, at + t.bytes));
    tensors[name] = { dtype: t.dtype, shape: t.shape, data };
    at += t.bytes;
  }
  if (stateDigest(tensors) !== header.digest) throw new Error('checkpoint damaged: its digest does not match');
  const state: ModelState = {
    model: header.model,
    step: header.step,
    tensors,
    ...(header.style && { style: header.style }),
  };
  return { header, state };
}

/** written to a temporary file, flushed to disk, then renamed over the old one: a power cut leaves one whole file */
export async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync(); // the rename itself reaches the disk
  } finally {
    await dir.close();
  }
}

export async function readCheckpoint(
  path: string,
): Promise<{ header: CheckpointHeader; state: ModelState } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return decodeCheckpoint(bytes);
}

export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
}
