export type HidFieldKind = 'axis' | 'button' | 'hat';

export interface HidField {
  reportId: number;
  usagePage: number;
  usage: number;
  name: string;
  kind: HidFieldKind;
  /** Bit offset inside the report payload, i.e. after the report id byte when ids are used. */
  bitOffset: number;
  bitSize: number;
  logicalMin: number;
  logicalMax: number;
  signed: boolean;
  /** Set for Array inputs: the slot holds an index into these usages (page << 16 | id) and names. */
  array?: { usages: number[]; names: string[] };
}

export interface ParsedDescriptor {
  fields: HidField[];
  /** Report ids that carry input data; [0] when the descriptor declares no Report ID. */
  reportIds: number[];
  /** Full input report length in bytes, including the leading report id byte when ids are used. */
  reportLengths: Record<number, number>;
  usesReportIds: boolean;
}

export class HidDescriptorError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`HID report descriptor, byte ${offset}: ${message}`);
    this.name = 'HidDescriptorError';
  }
}

export class HidReportError extends Error {
  constructor(message: string) {
    super(`HID input report: ${message}`);
    this.name = 'HidReportError';
  }
}
