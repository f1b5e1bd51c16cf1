/**
 * Globals of the browser pages (projector display and operator console), for tsconfig.pages.json only: the
 * pages load /socket.io/socket.io.js with a classic script tag, which defines `io`.
 */
import type { io as socketIo } from 'socket.io-client';
import type { DisplayPageStats } from '../displays/projector/page-stats.ts';

declare global {
  const io: typeof socketIo;
  interface Window {
    /** the display page's figures, read by tests and benchmarks (and shown with the ` key) */
    nacreDisplay: DisplayPageStats;
    /** the projection mapping the display page draws with (tests read it) */
    /** the display page's drawing read back (rows from the top, RGBA as base64) */
    nacreReadPixels: () => { width: number; height: number; rgba: string };
    nacreMapping?: import('../runtime/core/display-protocol.ts').ProjectionMapping;
    /** the display page sends a visit's continue code on its socket (continue-code.js) */
    nacreContinue: (code: string) => Promise<import('../runtime/core/display-protocol.ts').ContinueAck>;
  }
}
