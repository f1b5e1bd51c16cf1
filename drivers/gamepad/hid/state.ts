import { HidDescriptorError } from './types.ts';
import { signedData, type ShortItem } from './items.ts';

export interface GlobalState {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  /** Logical Maximum read as unsigned, for descriptors that write 255 as 0x25 0xff. */
  logicalMaxUnsigned: number;
  reportSize: number;
  reportCount: number;
  reportId: number;
}

const GLOBAL = {
  usagePage: 0,
  logicalMin: 1,
  logicalMax: 2,
  reportSize: 7,
  reportId: 8,
  reportCount: 9,
  push: 10,
  pop: 11,
};
const LOCAL = { usage: 0, usageMin: 1, usageMax: 2 };
/** hid-core's limits (HID_MAX_USAGES, a report size over 256 bits) */
const MAX_REPORT_SIZE = 256;
const MAX_REPORT_COUNT = 12288;

interface LocalUsage {
  value: number;
  extended: boolean;
}

/** Global item stack plus the local usages collected for the next main item. */
export class ParserState {
  global: GlobalState = {
    usagePage: 0,
    logicalMin: 0,
    logicalMax: 0,
    logicalMaxUnsigned: 0,
    reportSize: 0,
    reportCount: 0,
    reportId: 0,
  };
  sawReportId = false;
  private stack: GlobalState[] = [];
  private usages: LocalUsage[] = [];
  private rangeMin: LocalUsage | undefined;
  private rangeMax: LocalUsage | undefined;

  applyGlobal(item: ShortItem): void {
    const g = this.global;
    switch (item.tag) {
      case GLOBAL.usagePage:
        g.usagePage = item.data;
        break;
      case GLOBAL.logicalMin:
        g.logicalMin = signedData(item);
        break;
      case GLOBAL.logicalMax:
        g.logicalMax = signedData(item);
        g.logicalMaxUnsigned = item.data;
        break;
      case GLOBAL.reportSize:
        if (item.data > MAX_REPORT_SIZE)
          throw new HidDescriptorError(`Report Size ${item.data} over ${MAX_REPORT_SIZE}`, item.offset);
        g.reportSize = item.data;
        break;
      case GLOBAL.reportCount:
        if (item.data > MAX_REPORT_COUNT)
          throw new HidDescriptorError(`Report Count ${item.data} over ${MAX_REPORT_COUNT}`, item.offset);
        g.reportCount = item.data;
        break;
      case GLOBAL.reportId:
        if (item.data === 0 || item.data > 0xff)
          throw new HidDescriptorError(`invalid Report ID ${item.data}`, item.offset);
        g.reportId = item.data;
        this.sawReportId = true;
        break;
      case GLOBAL.push:
        this.stack.push({ ...g });
        break;
      case GLOBAL.pop: {
        const top = this.stack.pop();
        if (!top) throw new HidDescriptorError('Pop without matching Push', item.offset);
        this.global = top;
        break;
      }
      default:
        break; // physical range, units: irrelevant for normalised decoding
    }
  }

  applyLocal(item: ShortItem): void {
    // A 4-byte usage carries its own usage page in the high 16 bits; a shorter one takes the page in force now.
    const usage = {
      value: item.size === 4 ? item.data : this.global.usagePage * 0x10000 + item.data,
      extended: item.size === 4,
    };
    if (item.tag === LOCAL.usage) this.usages.push(usage);
    else if (item.tag === LOCAL.usageMin) this.rangeMin = usage;
    else if (item.tag === LOCAL.usageMax) this.rangeMax = usage;
    else return;
    if (this.rangeMin && this.rangeMax) this.expandRange(item.offset);
  }

  /**
   * Usages for the current main item as page << 16 | id, then clears local state. As hid-core does
   * (hid_concatenate_last_usage_page), the last short usages declared before a Usage Page that came after
   * them take that page, back to the first one already on it: "Usage X, Usage Y, Usage Page (GD)" still works.
   */
  takeUsages(offset: number): number[] {
    if (this.rangeMin || this.rangeMax) {
      throw new HidDescriptorError(`Usage ${this.rangeMin ? 'Minimum' : 'Maximum'} without its pair`, offset);
    }
    const page = this.global.usagePage;
    for (let i = this.usages.length - 1; i >= 0; i--) {
      const u = this.usages[i] as LocalUsage;
      if (u.extended) continue;
      if (u.value >>> 16 === page) break;
      u.value = page * 0x10000 + (u.value & 0xffff);
    }
    const full = this.usages.map((u) => u.value);
    this.usages = [];
    return full;
  }

  private expandRange(offset: number): void {
    const { value: min, extended } = this.rangeMin as LocalUsage;
    const max = (this.rangeMax as LocalUsage).value;
    this.rangeMin = undefined;
    this.rangeMax = undefined;
    if (min > max)
      throw new HidDescriptorError(`Usage Minimum 0x${min.toString(16)} > Usage Maximum 0x${max.toString(16)}`, offset);
    if (max - min >= 0x10000)
      throw new HidDescriptorError(`usage range of ${max - min + 1} usages is too large`, offset);
    for (let u = min; u <= max; u++) this.usages.push({ value: u, extended });
  }
}
