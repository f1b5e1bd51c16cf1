export { parseReportDescriptor } from './parser.ts';
export { decodeReport, type DecodedReport } from './decode.ts';
export {
  HidDescriptorError,
  HidReportError,
  type HidField,
  type HidFieldKind,
  type ParsedDescriptor,
} from './types.ts';
