import { HidDescriptorError } from './types.ts';

export type ItemType = 'main' | 'global' | 'local' | 'reserved';

export interface ShortItem {
  type: ItemType;
  tag: number;
  /** Payload length in bytes: 0, 1, 2 or 4. */
  size: number;
  /** Payload as an unsigned little-endian integer. */
  data: number;
  offset: number;
}

const TYPES: Record<number, ItemType> = { 0: 'main', 1: 'global', 2: 'local', 3: 'reserved' };
const LONG_ITEM_PREFIX = 0xfe;

/** Splits a descriptor into short items; long items are validated and skipped. */
export function* readItems(bytes: Uint8Array): Generator<ShortItem> {
  let pos = 0;
  while (pos < bytes.length) {
    const offset = pos;
    const prefix = bytes[pos] as number;
    if (prefix === LONG_ITEM_PREFIX) {
      if (pos + 3 > bytes.length) throw new HidDescriptorError('truncated long item header', offset);
      const dataSize = bytes[pos + 1] as number;
      pos += 3 + dataSize;
      if (pos > bytes.length) throw new HidDescriptorError('truncated long item data', offset);
      continue;
    }
    const sizeCode = prefix & 0x03;
    const size = sizeCode === 3 ? 4 : sizeCode;
    // reserved-type items are yielded for the parser to skip, as Linux's hid-core does
    const type = TYPES[(prefix >> 2) & 0x03] as ItemType;
    if (pos + 1 + size > bytes.length) {
      throw new HidDescriptorError(
        `truncated item 0x${hex(prefix)}: needs ${size} data bytes, ${bytes.length - pos - 1} left`,
        offset,
      );
    }
    let data = 0;
    for (let i = 0; i < size; i++) data += (bytes[pos + 1 + i] as number) * 2 ** (8 * i);
    pos += 1 + size;
    yield { type, tag: prefix >> 4, size, data, offset };
  }
}

/** Interprets an item payload as a two's-complement number of its own width. */
export function signedData(item: ShortItem): number {
  if (item.size === 0) return 0;
  const bits = item.size * 8;
  return item.data >= 2 ** (bits - 1) ? item.data - 2 ** bits : item.data;
}

export function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
