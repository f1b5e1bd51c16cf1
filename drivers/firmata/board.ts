import five, { type Board } from 'johnny-five';
import type { SerialPort } from 'serialport';

const REPORT_VERSION = 0xf9;
const START_SYSEX = 0xf0;
const REPORT_FIRMWARE = 0x79;
const END_SYSEX = 0xf7;

export interface Handshake {
  id: string;
  path: string;
  baudRate: number;
  readyTimeoutMs: number;
}

/**
 * Hands the opened port to johnny-five and waits for the firmware to answer. johnny-five is kept quiet: no
 * REPL, no console output (debug), and no SIGINT handler of its own (sigint), which would exit the process.
 */
export async function connectBoard(port: SerialPort, h: Handshake, abort: AbortSignal): Promise<Board> {
  // its connect timer is ours to keep (readyTimeoutMs); it is cleared on release anyway
  const board = new five.Board({
    port,
    id: h.id,
    repl: false,
    debug: false,
    sigint: false,
    timeout: h.readyTimeoutMs * 2,
  });
  // johnny-five emits 'error' events; with no listener an EventEmitter throws them out of the process
  board.on('error', () => undefined);
  // firmata.js waits 5 s for the version a freshly reset board sends by itself before it asks; a board that
  // did not reset on open (no DTR wired, already running) would sit that out, so ask now
  port.write([REPORT_VERSION, START_SYSEX, REPORT_FIRMWARE, END_SYSEX]);
  try {
    await untilReady(board, port, h, abort);
  } catch (err) {
    releaseBoard(board);
    throw err;
  }
  return board;
}

/** Undoes what johnny-five keeps of a board outside it: its timers and its entries in module-level caches. */
export function releaseBoard(board: Board): void {
  if (board.timer) clearTimeout(board.timer);
  clearTimeout(board.io?.reportVersionTimeoutId);
  const cache = five.Board.cache;
  const at = cache.indexOf(board);
  if (at >= 0) cache.splice(at, 1);
  // a cache of pin normalizers keyed by board; rebuilt on demand for boards still in use
  five.Board.Pins.normalize.clear();
}

function untilReady(board: Board, port: SerialPort, h: Handshake, abort: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const silence = `no Firmata answer from ${h.path} within ${h.readyTimeoutMs} ms at ${h.baudRate} baud: check that the board runs StandardFirmata and that baudRate matches its sketch (StandardFirmata: 57600)`;
    const timer = setTimeout(() => done(new Error(silence)), h.readyTimeoutMs);
    const onReady = () => done();
    const onError = (e: unknown) =>
      done(new Error(`johnny-five could not set up the board on ${h.path}: ${describe(e)}`));
    const onClose = () => done(new Error(`${h.path} closed before the firmware answered`));
    const onAbort = () => done(abort.reason);
    function done(err?: unknown) {
      clearTimeout(timer);
      board.off('ready', onReady);
      board.off('error', onError);
      port.off('close', onClose);
      abort.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    }
    board.once('ready', onReady);
    board.on('error', onError);
    port.once('close', onClose);
    abort.addEventListener('abort', onAbort, { once: true });
    if (abort.aborted) onAbort();
  });
}

/** johnny-five's 'error' carries an Error or a log event ({ class, message }) */
function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String(e.message);
  return String(e);
}
