/** The perception worker thread: one Perception per camera, fed one frame at a time by PerceptionWorker. */
import { parentPort } from 'node:worker_threads';
import { Perception, type PerceptionOptions } from './perceive.ts';
import type { FromPerception, ToPerception } from './worker-protocol.ts';

const port = parentPort!;
let perception: Perception | undefined;

async function handle(m: ToPerception): Promise<FromPerception> {
  try {
    if (m.kind === 'start') {
      perception = await Perception.create(m.options as PerceptionOptions);
      return { kind: 'started', id: m.id };
    }
    if (m.kind === 'stop') throw new Error('unreachable');
    if (!perception) throw new Error('perception was not started');
    return { kind: 'result', id: m.id, result: await perception.process(m.frame) };
  } catch (err) {
    return { kind: 'failed', id: m.id, message: (err as Error).message };
  }
}

let queue = Promise.resolve();
port.on('message', (m: ToPerception) => {
  queue = queue.then(async () => {
    if (m.kind === 'stop') {
      await perception?.close();
      port.close(); // the thread ends once nothing else keeps it alive
      return;
    }
    port.postMessage(await handle(m));
  });
});
