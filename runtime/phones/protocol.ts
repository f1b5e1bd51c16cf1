/** Socket.IO namespace /phones (visitors' phones) and the console's phone events: typed both ways. */
import type { ContinueAck } from '../core/display-protocol.ts';
import type { Refusal } from './moderation.ts';

/** a suggestion that passed the filters, waiting for the operator */
export interface Suggestion {
  id: number;
  /** the anonymous phone number for the day */
  phone: number;
  text: string;
  at: string;
}

export interface Welcome {
  phone: number;
  /** the phone keeps it (localStorage) to stay the same phone for the day */
  token: string;
  maxLength: number;
  mode: 'operator' | 'auto';
  /** the exhibit's own suggestions, offered as buttons */
  suggestions: string[];
  languages: string[];
  /** the page offers "continue a world" (phones.recording.codeEntry.phones) */
  continueCode: boolean;
}

export type SuggestAck =
  { ok: true; status: 'queued' | 'sent' } | { ok: false; reason: Refusal; retryInSeconds?: number };

/** what became of a queued suggestion, told to the phone that sent it */
export interface Outcome {
  id: number;
  status: 'sent' | 'rejected';
}

/** a vote as phones and consoles see it; `counts[i]` votes for `options[i]` */
export interface VoteView {
  id: number;
  options: string[];
  counts: number[];
  /** Date.now() when it closes */
  endsAt: number;
  /** set once it has closed: the option sent to the model */
  winner?: number;
}

export type VoteAck = { ok: true } | { ok: false; reason: 'closed' | 'voted' | 'invalid' | 'slow-down' };

export interface PhoneToServer {
  suggest: (text: string, ack: (a: SuggestAck) => void) => void;
  vote: (voteId: number, option: number, ack: (a: VoteAck) => void) => void;
  /** a visit's continue code: the kiosk's next visit starts in its saved world (while the kiosk waits) */
  continue: (code: string, ack: (a: ContinueAck) => void) => void;
}

export interface ServerToPhone {
  welcome: (w: Welcome) => void;
  outcome: (o: Outcome) => void;
  vote: (v: VoteView | null) => void;
}

export type OperatorAck = { ok: true } | { ok: false; error: string };

/** on the /console namespace, beside the console's own events */
export interface ConsoleToPhones {
  'phones:approve': (id: number, edited: string | null, ack: (a: OperatorAck) => void) => void;
  'phones:reject': (id: number, ack: (a: OperatorAck) => void) => void;
  'phones:ban': (phone: number, ack: (a: OperatorAck) => void) => void;
  /** operator: every suggestion waits for the operator; auto: straight on once it passes the filters */
  'phones:mode': (mode: 'operator' | 'auto', ack: (a: OperatorAck) => void) => void;
  'phones:vote': (options: string[], seconds: number, ack: (a: OperatorAck) => void) => void;
  /** a continue code from a visit's page: the next visit starts in that saved world (runtime/visits) */
  'visits:continue': (code: string, ack: (a: OperatorAck) => void) => void;
  /** closes the open vote now: its winner goes to the model */
  'phones:close-vote': (ack: (a: OperatorAck) => void) => void;
}

export interface PhonesToConsole {
  'phones:queue': (q: { mode: 'operator' | 'auto'; waiting: Suggestion[] }) => void;
  'phones:vote': (v: VoteView | null) => void;
}

/** the phones' part of /api/status: what came, what was refused and why */
export interface PhonesStatus {
  connected: number;
  /** phones seen today (anonymous numbers given) */
  today: number;
  banned: number;
  mode: 'operator' | 'auto';
  queue: number;
  /** suggestions by outcome: queued, sent, rejected, and each refusal */
  suggestions: Record<string, number>;
  /** connections refused, by reason (address, full, day-full) */
  refusedConnections: Record<string, number>;
  /** messages dropped (flood) and phones cut off (flood, broken: oversized or malformed frames) */
  dropped: Record<string, number>;
  votes: number;
}
