import type { Socket } from 'socket.io';
import type { ExhibitCommands } from '../exhibit-commands.ts';
import { speakerChange } from '../speaker-commands.ts';
import type { ConsoleToServer, ServerToConsole } from './protocol.ts';

type Reply = Parameters<ConsoleToServer['speaker']>[2];

/**
 * The console's speakers panel: a speaker's level, a mute or a test tone. `mayDo` checks the role and writes
 * the deed to the audit log; the answer says what the speaker is now, or why nothing changed.
 */
export function speakerHandlers(
  socket: Socket<ConsoleToServer, ServerToConsole>,
  commands: ExhibitCommands,
  mayDo: (what: string, detail?: string, ack?: unknown) => boolean,
): void {
  socket.on('speaker', (id, change, ack) => {
    const reply: Reply = typeof ack === 'function' ? ack : () => undefined;
    try {
      const c = speakerChange(change);
      const detail =
        'level' in c
          ? `${String(id)}: level ${c.level} dB`
          : 'mute' in c
            ? `${String(id)}${c.channel !== undefined ? ` channel ${c.channel}` : ''}: ${c.mute ? 'muted' : 'unmuted'}`
            : `${String(id)}: ${c.kind === 'pink' ? 'pink noise' : 'test tone'} on channel ${c.tone}${c.seconds === 0 ? ' stopped' : ''}`;
      if (!mayDo('speaker', detail, ack)) return;
      reply({ ok: true, speaker: commands.speaker(String(id), c) });
    } catch (err) {
      reply({ ok: false, error: (err as Error).message });
    }
  });
}
