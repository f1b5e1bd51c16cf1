// @ts-check
// The console's log tail: the runtime's last log lines (info and above, secrets censored by the server), a level
// filter and a pause that holds the view still while lines keep arriving.
/** @typedef {import('../../operations/log-tail.ts').LogLine} LogLine */

const KEEP = 500;
const RANK = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

export class LogTailPanel {
  /**
   * @param {HTMLOListElement} list
   * @param {HTMLSelectElement} level the lowest level shown
   * @param {HTMLInputElement} pause held: new lines wait, the view stays where it is
   */
  constructor(list, level, pause) {
    this.list = list;
    this.levelSelect = level;
    this.pause = pause;
    /** @type {LogLine[]} lines that came while paused */
    this.waiting = [];
    level.addEventListener('change', () => this.filter());
    pause.addEventListener('change', () => {
      if (pause.checked) return;
      const lines = this.waiting;
      this.waiting = [];
      lines.forEach((l) => this.append(l));
    });
  }

  /** @param {LogLine[]} lines */
  history(lines) {
    this.list.replaceChildren();
    this.waiting = [];
    lines.forEach((l) => this.append(l));
  }

  /** @param {LogLine} line */
  add(line) {
    if (this.pause.checked) {
      this.waiting.push(line);
      if (this.waiting.length > KEEP) this.waiting.shift();
    } else this.append(line);
  }

  /** @param {LogLine} line */
  append(line) {
    const li = document.createElement('li');
    li.className = `log-${line.level}`;
    li.dataset.level = line.level;
    li.hidden = !this.shown(line.level);
    const when = new Date(line.at).toLocaleTimeString();
    const tag = Object.assign(document.createElement('b'), { textContent: line.level.toUpperCase() });
    const detail = line.detail ? ` ${line.detail}` : '';
    li.append(`${when} `, tag, ` ${line.ns ? `[${line.ns}] ` : ''}${line.msg}${detail}`);
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 4;
    this.list.append(li);
    while (this.list.children.length > KEEP) this.list.firstElementChild?.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  /** @param {string} level */
  shown(level) {
    const rank = /** @type {Record<string, number>} */ (RANK);
    return (rank[level] ?? 2) >= (rank[this.levelSelect.value] ?? 2);
  }

  filter() {
    for (const li of this.list.children)
      if (li instanceof HTMLElement) li.hidden = !this.shown(li.dataset.level ?? 'info');
    this.list.scrollTop = this.list.scrollHeight;
  }
}
