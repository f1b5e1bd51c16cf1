import { HidDescriptorError, type HidField, type ParsedDescriptor } from './types.ts';
import { readItems } from './items.ts';
import { ParserState, type GlobalState } from './state.ts';
import { describeUsage } from './usages.ts';

const MAIN = { input: 8, output: 9, collection: 10, feature: 11, endCollection: 12 };
const FLAG_CONSTANT = 0x01;
const FLAG_VARIABLE = 0x02;
const MAX_FIELD_BITS = 32;

/**
 * Parses a USB HID report descriptor into the gamepad-relevant input fields
 * (Generic Desktop axes and hat, Simulation controls, Buttons). Other usages
 * (vendor data, sensors) are skipped but still occupy their bits.
 *
 * It tolerates what Linux's hid-core tolerates in real devices' descriptors: reserved items and unknown main
 * items (a trailing zero byte is main item tag 0) are skipped, a Report Size 0 field is ignored, and each
 * usage takes the usage page in force when it was declared (state.ts).
 */
export function parseReportDescriptor(bytes: Uint8Array): ParsedDescriptor {
  const state = new ParserState();
  const fields: HidField[] = [];
  const inputBits = new Map<number, number>();
  let depth = 0;

  for (const item of readItems(bytes)) {
    if (item.type === 'global') {
      state.applyGlobal(item);
      continue;
    }
    if (item.type === 'local') {
      state.applyLocal(item);
      continue;
    }
    if (item.type === 'reserved') continue;
    const usages = state.takeUsages(item.offset);
    switch (item.tag) {
      case MAIN.collection:
        depth++;
        break;
      case MAIN.endCollection:
        if (depth === 0) throw new HidDescriptorError('End Collection without an open Collection', item.offset);
        depth--;
        break;
      case MAIN.input: {
        const g = state.global;
        if (g.reportSize === 0) break; // a field of no bits: nothing to read (hid-core ignores it too)
        if (inputBits.has(0) && state.sawReportId) {
          throw new HidDescriptorError('Input items both before and after the first Report ID', item.offset);
        }
        const start = inputBits.get(g.reportId) ?? 0;
        fields.push(...inputFields(g, item.data, usages, start, item.offset));
        inputBits.set(g.reportId, start + g.reportSize * g.reportCount);
        break;
      }
      case MAIN.output:
      case MAIN.feature:
        break;
      default:
        break; // unknown main item (padding, a trailing zero byte): skipped, its local state dropped
    }
  }
  if (depth !== 0) throw new HidDescriptorError(`${depth} Collection(s) never closed`, bytes.length);

  const reportIds = [...inputBits.keys()].sort((a, b) => a - b);
  const idByte = state.sawReportId ? 1 : 0;
  const reportLengths: Record<number, number> = {};
  for (const id of reportIds) reportLengths[id] = idByte + Math.ceil((inputBits.get(id) as number) / 8);
  return { fields: uniqueNames(fields), reportIds, reportLengths, usesReportIds: state.sawReportId };
}

function inputFields(g: GlobalState, flags: number, usages: number[], start: number, offset: number): HidField[] {
  if (flags & FLAG_CONSTANT || usages.length === 0) return [];
  // Linux's workaround: a positive minimum with a "negative" maximum means the maximum was written unsigned.
  const logicalMax = g.logicalMin >= 0 && g.logicalMax < g.logicalMin ? g.logicalMaxUnsigned : g.logicalMax;
  if (logicalMax < g.logicalMin)
    throw new HidDescriptorError(`Logical Minimum ${g.logicalMin} > Logical Maximum ${logicalMax}`, offset);
  const base = {
    reportId: g.reportId,
    bitSize: g.reportSize,
    logicalMin: g.logicalMin,
    logicalMax,
    signed: g.logicalMin < 0,
  };
  const out: HidField[] = [];

  if (flags & FLAG_VARIABLE) {
    for (let i = 0; i < g.reportCount; i++) {
      const full = usages[Math.min(i, usages.length - 1)] as number;
      const info = describeUsage(full >>> 16, full & 0xffff);
      if (!info) continue;
      if (g.reportSize > MAX_FIELD_BITS)
        throw new HidDescriptorError(`${info.name} field of ${g.reportSize} bits is too wide`, offset);
      out.push({ ...base, usagePage: full >>> 16, usage: full & 0xffff, ...info, bitOffset: start + i * g.reportSize });
    }
    return out;
  }

  const names = usages.map((u) => describeUsage(u >>> 16, u & 0xffff)?.name ?? `Usage 0x${u.toString(16)}`);
  if (!usages.some((u) => describeUsage(u >>> 16, u & 0xffff))) return [];
  if (g.reportSize > MAX_FIELD_BITS)
    throw new HidDescriptorError(`array field of ${g.reportSize} bits is too wide`, offset);
  const first = usages[0] as number;
  for (let i = 0; i < g.reportCount; i++) {
    out.push({
      ...base,
      usagePage: first >>> 16,
      usage: first & 0xffff,
      kind: 'button',
      name: `Array slot ${i + 1}`,
      bitOffset: start + i * g.reportSize,
      array: { usages, names },
    });
  }
  return out;
}

/** Suffixes repeated names within one report (" #2", " #3") so decoded keys never collide. */
function uniqueNames(fields: HidField[]): HidField[] {
  const seen = new Map<string, number>();
  return fields.map((f) => {
    const key = `${f.reportId}/${f.name}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? f : { ...f, name: `${f.name} #${n}` };
  });
}
