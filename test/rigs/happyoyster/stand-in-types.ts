/** What the HappyOyster stand-in keeps and the faults a test switches on (see stand-in.ts). */
export interface StandInFaults {
  /** get-travel-credential and enter-travel answer 403008 */
  capacity: boolean;
  /** a prompt or instruction containing one of these is refused with 403004 */
  unsafeWords: string[];
  /** how long a world takes to build */
  buildMs: number;
  /** a built world fails instead of becoming ready */
  buildFails: boolean;
  /** tickets' lifetime */
  ticketTtlSec: number;
  /** travel status answers 404000 (the travel is gone) */
  travelsGone: boolean;
}

export interface StandInWorld {
  id: string;
  mode: string;
  status: 'generating' | 'ready' | 'failed';
  readyAt: number;
  prompt: string;
  firstFrame: string;
}
export interface StandInTravel {
  id: string;
  worldId: string;
  mode: string;
  status: 'running' | 'paused' | 'completed' | 'failed';
  startedAt: number;
  budgetSec: number;
  instructions: { content: string; clientRequestId: string }[];
  rewinds: number[];
  /** held commands the test SDK stand-in (./sdk) sent, where the real SDK would use its RTC data channel */
  commands: { translation?: string; rotation?: string; interaction?: string }[];
}
