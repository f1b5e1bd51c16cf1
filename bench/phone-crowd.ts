/**
 * A crowd of phones in its own process (so their cost is not the runtime's): N Socket.IO clients on
 * /phones that each suggest and vote, for `seconds`. Prints one JSON line: what they sent and got.
 * Usage: node --import tsx bench/phone-crowd.ts URL N SECONDS
 */
import { io, type Socket } from 'socket.io-client';

const [url, n, seconds] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tally: Record<string, number> = {};
const count = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);

const phones: Socket[] = [];
for (let i = 0; i < n; i++) {
  const s = io(`${url}/phones`, { transports: ['websocket'], reconnection: false, forceNew: true });
  s.on('connect', () => count('connected'));
  s.on('connect_error', (e) => count(`refused: ${e.message}`));
  let voted = false;
  s.on('vote', (v: { id: number; options: string[]; winner?: number } | null) => {
    count('vote-updates');
    if (v && v.winner === undefined && !voted) {
      voted = true; // one vote each, a random option
      s.emit('vote', v.id, Math.floor(Math.random() * v.options.length), (a: { ok: boolean }) =>
        count(a.ok ? 'voted' : 'vote-refused'),
      );
    }
  });
  phones.push(s);
  if (i % 50 === 49) await sleep(20); // not all in one tick, as a room of phones arriving
}
console.error(`crowd: ${n} phones opening`);

const ideas = ['a golden sunset', 'make it snow', 'a starry night', 'misty rain', 'a dream', 'bright day'];
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  // each phone suggests about once every 10 s
  for (const s of phones) {
    if (s.connected && Math.random() < 0.05)
      s.emit('suggest', ideas[Math.floor(Math.random() * ideas.length)], (a: { ok: boolean; reason?: string }) =>
        count(a.ok ? 'suggest-ok' : `suggest-${a.reason}`),
      );
  }
  await sleep(500);
}
console.log(JSON.stringify(tally));
for (const s of phones) s.close();
process.exit(0);
