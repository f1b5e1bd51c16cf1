/** What the console and /api/status show of a show (types only: the console page reads them too). */
export interface PlayerStatus {
  standby: string | null;
  /** false while a GO would be ignored (the double-GO guard) */
  goReady: boolean;
  /** GOs ignored by the guard so far */
  ignoredGos: number;
  running: { number: string; name: string; phase: 'pre-wait' | 'running'; remainingSeconds: number }[];
  /** the last cue actions refused or failed (a vote while phones are off), newest last */
  failures?: { cue: string; error: string }[];
}

export interface ShowStatus extends PlayerStatus {
  file: string;
  /** the last edit of the file that was refused (the show that runs is the last good one) */
  error?: string;
  cues: { number: string; name: string; preWait: number; duration: number; continue: string }[];
}
