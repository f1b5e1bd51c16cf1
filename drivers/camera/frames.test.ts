/** Cutting ffmpeg's stdout into frames, and keeping the tail of its stderr. */
import { describe, expect, it } from 'vitest';
import { FrameAssembler, LineTail } from './frames.ts';

describe('FrameAssembler', () => {
  it('cuts chunks of any size into exact frames, each over its own buffer', () => {
    const frames: Uint8Array[] = [];
    const a = new FrameAssembler(5, (f) => frames.push(f));
    const bytes = Uint8Array.from({ length: 23 }, (_, i) => i);
    for (const [from, to] of [
      [0, 2],
      [2, 3],
      [3, 14],
      [14, 23],
    ] as const)
      a.push(bytes.subarray(from, to));
    expect(frames.map((f) => [...f])).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
      [15, 16, 17, 18, 19],
    ]);
    expect(a.pending).toBe(3);
    expect(new Set(frames.map((f) => f.buffer)).size).toBe(4);
    expect(frames.every((f) => f.byteOffset === 0 && f.buffer.byteLength === 5)).toBe(true);
  });

  it('a frame can be transferred without touching the others', () => {
    const frames: Uint8Array[] = [];
    const a = new FrameAssembler(4, (f) => frames.push(f));
    a.push(new Uint8Array(8).fill(7));
    structuredClone(frames[0], { transfer: [frames[0]!.buffer] });
    expect(frames[0]!.byteLength).toBe(0);
    expect([...frames[1]!]).toEqual([7, 7, 7, 7]);
  });
});

describe('LineTail', () => {
  it('keeps the last lines, joined across chunks, bounded', () => {
    const t = new LineTail(3, 10);
    t.push('one\ntw');
    t.push('o\r\n\nthree\nfour is a long line\nfiv');
    expect(t.get()).toEqual(['three', 'four is a ...', 'fiv']);
  });
});
