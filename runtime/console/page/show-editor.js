// @ts-check
// The show panel's cue editor: open a cue from the list, edit its fields and its actions (YAML), add a cue
// after it, delete it, save. The server validates with the show's schema and writes the file; its errors are
// shown next to their fields, and nothing is saved while the cue is invalid. A viewer reads, saves nothing.
/** @typedef {import('../protocol.ts').ServerToConsole} ServerToConsole */
/** @typedef {import('../protocol.ts').ConsoleToServer} ConsoleToServer */
/** @typedef {import('../../show/editor.ts').ShowDraft} ShowDraft */
/** @typedef {import('../../show/editor.ts').CueDraft} CueDraft */
/** @typedef {import('../../show/editor.ts').CueField} CueField */
/** @typedef {import('../../show/editor.ts').SaveResult} SaveResult */

/** @type {[CueField, string][]} */
const FIELDS = [
  ['number', 'Number'],
  ['name', 'Name'],
  ['preWait', 'Pre-wait (s)'],
  ['continue', 'Continue'],
  ['actions', 'Actions (YAML list)'],
];
const CONTINUE = ['do-not-continue', 'auto-continue', 'auto-follow'];

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @returns {HTMLElementTagNameMap[K]}
 */
const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);

/** the form's inputs, one per field, built once */
function buildForm() {
  const form = make('form', { id: 'cue-form', className: 'cue-form', hidden: true, noValidate: true });
  const inputs = /** @type {Record<CueField, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>} */ ({});
  const errors = /** @type {Record<CueField, HTMLElement>} */ ({});
  form.append(make('h3', { id: 'cue-form-title' }));
  for (const [field, label] of FIELDS) {
    const id = `cue-field-${field}`;
    /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */
    let input;
    if (field === 'continue') {
      input = make('select', { id });
      input.append(...CONTINUE.map((c) => make('option', { value: c, textContent: c })));
    } else if (field === 'actions') input = make('textarea', { id, rows: 6, spellcheck: false });
    else input = make('input', { id, ...(field === 'preWait' ? { type: 'number', min: '0', step: 'any' } : {}) });
    const error = make('small', { id: `${id}-error`, className: 'field-error' });
    error.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', error.id);
    form.append(make('label', { htmlFor: id, textContent: label }), input, error);
    inputs[field] = input;
    errors[field] = error;
  }
  const buttons = make('div', { className: 'transport' });
  const save = make('button', { id: 'cue-save', type: 'submit', className: 'operate', textContent: 'Save' });
  const add = make('button', {
    id: 'cue-add',
    type: 'button',
    className: 'operate',
    textContent: 'New cue after this one',
  });
  const remove = make('button', {
    id: 'cue-delete',
    type: 'button',
    className: 'operate danger',
    textContent: 'Delete cue',
  });
  const close = make('button', { id: 'cue-close', type: 'button', textContent: 'Close' });
  const message = make('p', { id: 'cue-form-message' });
  message.setAttribute('role', 'alert');
  buttons.append(save, add, remove, close);
  form.append(buttons, message);
  return { form, inputs, errors, add, remove, close, message };
}

/** The editor's form and what it edits: the file's version as opened, and the cue a save changes or adds. */
class CueEditor {
  /** @type {ShowDraft | undefined} */
  draft;
  /** what a save does: change cue `index`, or add a cue at `index` */
  target = { op: /** @type {'update' | 'add'} */ ('update'), index: 0 };
  armedDelete = false;

  /**
   * @param {() => import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} current
   * @param {ReturnType<typeof buildForm>} ui
   */
  constructor(current, ui) {
    this.current = current;
    this.ui = ui;
    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    ui.add.onclick = () => this.startNew();
    ui.remove.onclick = () => this.remove();
    ui.close.onclick = () => this.close();
  }

  /** opens cue `number` as the file holds it now @param {string} number @param {string} [said] */
  open(number, said = '') {
    this.current().emit('show:open', (reply) => {
      this.ui.message.textContent = reply.ok ? said : reply.error;
      if (!reply.ok) return void (this.ui.form.hidden = false);
      this.draft = reply.draft;
      const index = reply.draft.cues.findIndex((c) => c.number === number);
      if (index < 0) return this.close();
      this.target = { op: 'update', index };
      this.fill(/** @type {CueDraft} */ (reply.draft.cues[index]), `Cue ${number}`);
    });
  }

  /** @param {CueDraft} cue @param {string} title */
  fill(cue, title) {
    const { ui } = this;
    const viewer = document.body.classList.contains('viewer');
    for (const [field] of FIELDS) {
      ui.inputs[field].value = String(cue[field]);
      ui.inputs[field].disabled = viewer;
      ui.errors[field].textContent = '';
    }
    /** @type {HTMLElement} */ (ui.form.querySelector('h3')).textContent = title;
    ui.remove.textContent = 'Delete cue';
    ui.remove.hidden = ui.add.hidden = this.target.op === 'add';
    this.armedDelete = false;
    ui.form.hidden = false;
  }

  /** @returns {CueDraft} */
  typed() {
    const { inputs } = this.ui;
    return {
      number: inputs.number.value.trim(),
      name: inputs.name.value,
      preWait: inputs.preWait.value === '' ? 0 : Number(inputs.preWait.value),
      continue: /** @type {CueDraft['continue']} */ (inputs.continue.value),
      actions: inputs.actions.value,
    };
  }

  save() {
    if (!this.draft) return;
    const cue = this.typed();
    this.current().emit('show:save', this.draft.hash, { ...this.target, cue }, (r) => this.answered(r, cue.number));
  }

  startNew() {
    this.target = { op: 'add', index: this.target.index + 1 };
    this.fill({ number: '', name: '', preWait: 0, continue: 'do-not-continue', actions: '' }, 'New cue');
    this.ui.message.textContent = '';
  }

  /** a first click arms it, the second deletes the cue from the file */
  remove() {
    if (!this.draft || this.target.op !== 'update') return;
    if (!this.armedDelete) {
      this.armedDelete = true;
      this.ui.remove.textContent = 'Click again to delete it from the file';
      return;
    }
    this.current().emit('show:save', this.draft.hash, { op: 'delete', index: this.target.index }, (r) =>
      this.answered(r),
    );
  }

  /** @param {SaveResult} result @param {string} [openAfter] the cue to show once saved */
  answered(result, openAfter) {
    for (const [field] of FIELDS) this.ui.errors[field].textContent = result.ok ? '' : (result.fields?.[field] ?? '');
    if (!result.ok) return void (this.ui.message.textContent = result.error);
    this.draft = result.draft;
    if (openAfter) this.open(openAfter, `saved: ${result.summary}`);
    else this.close();
  }

  close() {
    this.ui.form.hidden = true;
    this.ui.message.textContent = '';
  }
}

/**
 * @param {() => import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} current the console's socket
 * @param {HTMLElement} panel where the form goes (the show panel)
 * @returns {{ open: (number: string) => void }}
 */
export function bindShowEditor(current, panel) {
  const ui = buildForm();
  panel.append(ui.form);
  const editor = new CueEditor(current, ui);
  return { open: (number) => editor.open(number) };
}
