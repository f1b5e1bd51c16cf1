/** npm run bench -- the JPEG encoder alone: `tsx bench/jpeg-only.ts` (the world's 720p frames, no pages). */
import { jpegEncodeAlone, jpegLine } from './jpeg-encode.ts';
import { recordFrames } from './transport.ts';

const MODEL = process.env.BENCH_TRANSPORT_MODEL ?? 'models/default-1280x720';
const recorded = await recordFrames(MODEL);
console.log(jpegLine(await jpegEncodeAlone(recorded, Number(process.env.BENCH_JPEG_ROUNDS ?? 4))));
process.exit(0);
