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
        if (item.data === 0) throw new HidDescriptorError('Report Size 0', item.offset);
        g.reportSize = item.data;
        break;
      case GLOBAL.reportCount:
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
    // A 4-byte usage carries its own usage page in the high 16 bits.
    const usage = { value: item.data, extended: item.size === 4 };
    if (item.tag === LOCAL.usage) this.usages.push(usage);
    else if (item.tag === LOCAL.usageMin) this.rangeMin = usage;
    else if (item.tag === LOCAL.usageMax) this.rangeMax = usage;
    else return;
    if (this.rangeMin && this.rangeMax) this.expandRange(item.offset);
  }

  /** Usages for the current main item as page << 16 | id, then clears local state. */
  takeUsages(offset: number): number[] {
    if (this.rangeMin || this.rangeMax) {
      throw new HidDescriptorError(`Usage ${this.rangeMin ? 'Minimum' : 'Maximum'} without its pair`, offset);
    }
    const full = this.usages.map((u) => this.resolve(u));
    this.usages = [];
    return full;
  }

  private resolve(u: LocalUsage): number {
    return u.extended ? u.value : this.global.usagePage * 0x10000 + u.value;
  }

  private expandRange(offset: number): void {
    const min = this.resolve(this.rangeMin as LocalUsage);
    const max = this.resolve(this.rangeMax as LocalUsage);
    this.rangeMin = undefined;
    this.rangeMax = undefined;
    if (min > max)
      throw new HidDescriptorError(`Usage Minimum 0x${min.toString(16)} > Usage Maximum 0x${max.toString(16)}`, offset);
    if (max - min >= 0x10000)
      throw new HidDescriptorError(`usage range of ${max - min + 1} usages is too large`, offset);
    for (let u = min; u <= max; u++) this.usages.push({ value: u, extended: true });
  }
}
