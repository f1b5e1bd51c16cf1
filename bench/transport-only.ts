/** npm run bench -- transports only: `tsx bench/transport-only.ts` (the transport rows of bench/run.ts). */
import { jpegEncodeAlone } from './jpeg-encode.ts';
import { fanOutTransport, motionToPhotonByTransport, recordFrames } from './transport.ts';

const MODEL = process.env.BENCH_TRANSPORT_MODEL ?? 'models/default-1280x720';
const recorded = await recordFrames(MODEL);
console.log(`${MODEL}: ${recorded[0]!.width}x${recorded[0]!.height}, replayed at 30 frames/s to 4 pages`);
console.log(JSON.stringify({ jpegEncodeAlone: await jpegEncodeAlone(recorded) }));
for (const t of ['raw', 'jpeg', 'h264'] as const)
  console.log(
    JSON.stringify(
      await fanOutTransport(
        recorded,
        t,
        Number(process.env.BENCH_TRANSPORT_PAGES ?? 4),
        Number(process.env.BENCH_TRANSPORT_SECONDS ?? 6),
      ),
    ),
  );
for (const r of await motionToPhotonByTransport(MODEL, Number(process.env.BENCH_PHOTON_ROUNDS ?? 8)))
  console.log(JSON.stringify(r));
process.exit(0);
