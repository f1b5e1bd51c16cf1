import { SerialPort } from 'serialport';

/** Opens the board's serial port; an abort rejects at once and closes the port once its open completes. */
export function openPort(path: string, baudRate: number, abort: AbortSignal): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    if (abort.aborted) return reject(abort.reason);
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    const onAbort = () => reject(abort.reason);
    abort.addEventListener('abort', onAbort, { once: true });
    port.open((err) => {
      abort.removeEventListener('abort', onAbort);
      if (err) return reject(new Error(`cannot open ${path}: ${err.message}${hint(err.message)}`));
      if (abort.aborted) return void port.close(() => undefined);
      resolve(port);
    });
  });
}

/** Closes the port if it is open; gives up waiting after `ms`. Returns what went wrong, if anything. */
export function closePort(port: SerialPort, ms: number): Promise<string | undefined> {
  if (!port.isOpen) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`closing ${port.path} did not finish within ${ms} ms`), ms);
    port.close((err) => {
      clearTimeout(timer);
      resolve(err ? `closing ${port.path} failed: ${err.message}` : undefined);
    });
  });
}

function hint(message: string): string {
  if (/permission denied/i.test(message)) return ': add the kiosk user to the dialout group, then log in again';
  if (/lock|busy|temporarily unavailable/i.test(message))
    return ': another program has the port open (an Arduino IDE serial monitor?)';
  return '';
}
