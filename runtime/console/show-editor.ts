import type { Socket } from 'socket.io';
import type { AuditLog } from '../accounts/audit.ts';
import { may } from '../accounts/roles.ts';
import type { ShowEditor } from '../show/editor.ts';
import { sessionOf } from './access.ts';
import type { ConsoleToServer, ServerToConsole } from './protocol.ts';

const reply = <T>(ack: unknown): ((a: T) => void) =>
  typeof ack === 'function' ? (ack as (a: T) => void) : () => undefined;

/**
 * The show panel's cue editor: every role may open the show file's cues (a viewer reads them); operators and
 * admins save an edit, and the audit log says who changed which cue.
 */
export function showEditorHandlers(
  socket: Socket<ConsoleToServer, ServerToConsole>,
  editor: ShowEditor,
  audit: AuditLog,
): void {
  socket.on('show:open', (ack) => {
    editor.open().then(
      (draft) => reply(ack)({ ok: true, draft }),
      (err: Error) => reply(ack)({ ok: false, error: `the show file cannot be edited now: ${err.message}` }),
    );
  });
  socket.on('show:save', (hash, edit, ack) => {
    const { user, role } = sessionOf(socket);
    if (!may(role, 'operate')) return reply(ack)({ ok: false, error: `a ${role} may not edit the show` });
    if (typeof hash !== 'string') return reply(ack)({ ok: false, error: 'open the show before saving it' });
    editor.save(hash, edit).then(
      (result) => {
        if (result.ok)
          audit.record({ user, role, address: socket.handshake.address, action: 'edit show', detail: result.summary });
        reply(ack)(result);
      },
      (err: Error) => reply(ack)({ ok: false, error: err.message }),
    );
  });
}
