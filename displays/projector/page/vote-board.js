// @ts-check
// An open vote of the visitors' phones and its counts, live, over the world (phones.voteOnDisplay).

/** @typedef {{ id: number, options: string[], counts: number[], endsAt: number, winner?: number }} BoardVote */

/** how long a closed vote's result stays on the display */
const RESULT_MS = 8000;

export function showVotes() {
  const board = document.createElement('ol');
  board.id = 'vote-board';
  board.hidden = true;
  document.body.append(board);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let hide;
  const socket = io('/phones-board', { transports: ['websocket'] });
  socket.on('vote', (/** @type {BoardVote | null} */ v) => {
    clearTimeout(hide);
    board.hidden = !v || (v.winner === undefined && v.endsAt < Date.now());
    if (!v) return;
    board.replaceChildren(
      ...v.options.map((text, i) => {
        const li = document.createElement('li');
        li.className = v.winner === i ? 'winner' : '';
        li.append(Object.assign(document.createElement('span'), { textContent: text }));
        li.append(Object.assign(document.createElement('b'), { textContent: String(v.counts[i] ?? 0) }));
        return li;
      }),
    );
    if (v.winner !== undefined || v.endsAt < Date.now()) hide = setTimeout(() => (board.hidden = true), RESULT_MS);
  });
}
