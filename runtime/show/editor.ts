import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { wordIssue } from '../../config/issues.ts';
import { ConfigError, parseConfigText } from '../../config/loader.ts';
import { actionSchema, CONTINUE_MODES, cueSchema, showSchema, type ContinueMode } from './schema.ts';

/** One cue as the console's editor shows it: its fields, and its actions as the YAML of that list. */
export interface CueDraft {
  number: string;
  name: string;
  preWait: number;
  continue: ContinueMode;
  /** the cue's actions as a YAML list (comments kept) */
  actions: string;
}

export type CueField = keyof CueDraft;

/** The show file as the editor opened it: `hash` names the version a save must still find on disk. */
export interface ShowDraft {
  file: string;
  hash: string;
  cues: CueDraft[];
}

/** change cue `index`, add a cue before `index` (the list's length appends), or delete cue `index` */
export type ShowEdit =
  | { op: 'update'; index: number; cue: CueDraft }
  | { op: 'add'; index: number; cue: CueDraft }
  | { op: 'delete'; index: number };

export type SaveResult =
  | { ok: true; draft: ShowDraft; summary: string }
  | { ok: false; error: string; fields?: Partial<Record<CueField, string>>; stale?: boolean };

const FIELD_ORDER: readonly CueField[] = ['number', 'name', 'preWait', 'continue', 'actions'];
const DEFAULTS: Partial<Record<CueField, unknown>> = { name: '', preWait: 0, continue: 'do-not-continue' };
const actionsSchema = z.strictObject({ actions: z.array(actionSchema) });

/** A refused edit: a message for the form, and the fields it is about. */
class EditRefused extends Error {
  constructor(
    message: string,
    readonly fields?: Partial<Record<CueField, string>>,
  ) {
    super(message);
  }
}

export const hashOf = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Edits the show file from the console: one cue at a time, on the YAML document itself (the user's comments
 * and layout stay), validated with the show's own schema before anything is written, written atomically, and
 * refused when the file changed on disk since the console opened it.
 */
export class ShowEditor {
  private queue: Promise<unknown> = Promise.resolve();

  /** @param saved called with the new show's text once it is on disk (the running show takes it) */
  constructor(
    private readonly file: string,
    private readonly saved: (text: string) => Promise<void> | void,
  ) {}

  /** the file's cues as drafts, and its version; a file that does not validate is refused with its problems */
  async open(): Promise<ShowDraft> {
    return draftOf(this.file, await readFile(this.file, 'utf8'));
  }

  /** applies one edit to the version `hash` names; saves run one after another */
  save(hash: string, edit: ShowEdit): Promise<SaveResult> {
    const run = this.queue.then(() => this.apply(hash, edit));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(hash: string, edit: ShowEdit): Promise<SaveResult> {
    const text = await readFile(this.file, 'utf8');
    if (hashOf(text) !== hash)
      return {
        ok: false,
        stale: true,
        error: `${basename(this.file)} changed on disk since you opened it (another console or an editor saved it): nothing was saved; reopen it to see that change, then make yours again`,
      };
    try {
      const doc = parseDocument(text);
      const summary = applyEdit(doc, edit);
      const next = doc.toString();
      validateShow(next, this.file, edit);
      await writeAtomically(this.file, next);
      await this.saved(next);
      return { ok: true, draft: draftOf(this.file, next), summary };
    } catch (err) {
      if (err instanceof EditRefused)
        return { ok: false, error: err.message, ...(err.fields ? { fields: err.fields } : {}) };
      return { ok: false, error: (err as Error).message };
    }
  }
}

function draftOf(file: string, text: string): ShowDraft {
  const show = parseConfigText(text, file, showSchema);
  const seq = cuesOf(parseDocument(text));
  const cues = show.cues.map((c, i) => {
    const node = seq.items[i];
    const actions = isMap(node) ? node.get('actions', true) : undefined;
    return {
      number: c.number,
      name: c.name,
      preWait: c.preWait,
      continue: c.continue,
      actions: actions ? new Document(actions).toString() : '[]\n',
    };
  });
  return { file, hash: hashOf(text), cues };
}

function cuesOf(doc: Document): YAMLSeq {
  const cues = doc.get('cues', true);
  if (!isSeq(cues)) throw new EditRefused('the show file has no cue list (cues:)');
  return cues;
}

/** the edit made on the document; what it did, for the audit log */
function applyEdit(doc: Document, edit: ShowEdit): string {
  const seq = cuesOf(doc);
  if (!['update', 'add', 'delete'].includes((edit as { op?: unknown } | null)?.op as string))
    throw new EditRefused('an edit is update, add or delete');
  const within = edit.op === 'add' ? seq.items.length : seq.items.length - 1;
  if (!Number.isInteger(edit.index) || edit.index < 0 || edit.index > within)
    throw new EditRefused(`there is no cue at position ${edit.index + 1}`);
  if (edit.op === 'delete') {
    const gone = seq.items[edit.index];
    seq.items.splice(edit.index, 1);
    return `deleted cue ${isMap(gone) ? String(gone.get('number')) : edit.index + 1}`;
  }
  const cue = checkDraft(edit.cue);
  if (edit.op === 'add') {
    const node = doc.createNode({}) as YAMLMap;
    writeFields(doc, node, cue);
    seq.items.splice(edit.index, 0, node);
    return `added cue ${cue.number}`;
  }
  const node = seq.items[edit.index];
  if (!isMap(node)) throw new EditRefused(`cue ${edit.index + 1} is not a mapping in the file`);
  const before = String(node.get('number'));
  const changed = writeFields(doc, node, cue);
  const renamed = before === cue.number ? '' : ` (now ${cue.number})`;
  return `changed cue ${before}${renamed}: ${changed.join(', ') || 'nothing'}`;
}

/** the draft's fields checked one by one with the cue's schema, errors next to each field */
function checkDraft(draft: unknown): CueDraft & { actionsNode: unknown } {
  const d = (typeof draft === 'object' && draft !== null ? draft : {}) as Record<string, unknown>;
  const fields: Partial<Record<CueField, string>> = {};
  const shape = cueSchema.shape;
  const check = (field: CueField, schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value, { error: wordIssue });
    if (!r.success) fields[field] = r.error.issues[0]?.message ?? 'not valid';
  };
  const number = typeof d.number === 'string' ? d.number.trim() : String(d.number ?? '');
  check('number', shape.number, number);
  if (!number) fields.number = 'a cue needs a number';
  check('name', z.string(), d.name);
  check('preWait', shape.preWait.unwrap(), d.preWait);
  check('continue', z.enum(CONTINUE_MODES), d.continue);
  let actionsNode: unknown;
  if (typeof d.actions !== 'string') fields.actions = 'the actions are a YAML list';
  else
    try {
      actionsNode = parseActions(d.actions);
    } catch (err) {
      fields.actions = (err as Error).message;
    }
  if (Object.keys(fields).length) throw new EditRefused('the cue has problems: nothing was saved', fields);
  return { ...(d as unknown as CueDraft), number, actionsNode };
}

/**
 * The actions' YAML checked with the show's own loader and schema (set under an `actions:` key, since a show
 * file's top level is a mapping); problems are told at the line and column of the text the operator typed.
 */
function parseActions(typed: string): unknown {
  const text = typed.trim() ? typed : '[]';
  const wrapped = `actions:\n${text.replace(/^/gm, '  ')}`;
  try {
    parseConfigText(wrapped, 'actions', actionsSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const lines = err.problems.map((p) => {
      const where = p.line === undefined ? '' : `line ${p.line - 1}, column ${Math.max(1, (p.column ?? 3) - 2)}: `;
      const path = p.path.replace(/^actions\.?/, '');
      return `${where}${path ? `action ${path}: ` : ''}${p.message}`;
    });
    throw new Error(lines.join('\n'));
  }
  return parseDocument(text).contents;
}

/** writes the fields that changed; a field at its default is only written when the file already had it */
function writeFields(doc: Document, node: YAMLMap, cue: CueDraft & { actionsNode: unknown }): string[] {
  const values: Record<CueField, unknown> = {
    number: String(Number(cue.number)) === cue.number ? Number(cue.number) : cue.number,
    name: cue.name,
    preWait: cue.preWait,
    continue: cue.continue,
    actions: cue.actionsNode,
  };
  const changed: string[] = [];
  for (const field of FIELD_ORDER) {
    const value = values[field];
    const had = node.has(field);
    if (field === 'actions') {
      const old = had ? new Document(node.get('actions', true)).toString() : '[]\n';
      if (old === new Document(value).toString()) continue;
    } else if (had ? String(node.get(field)) === String(value) : DEFAULTS[field] === value) continue;
    changed.push(field);
    if (had) node.set(field, value);
    else insertInOrder(doc, node, field, value);
  }
  return changed;
}

/** a new key goes where the show file's usual order puts it (number, name, preWait, continue, actions) */
function insertInOrder(doc: Document, node: YAMLMap, field: CueField, value: unknown): void {
  const later = FIELD_ORDER.slice(FIELD_ORDER.indexOf(field) + 1);
  const at = node.items.findIndex((p) =>
    later.includes(String((p.key as { value?: unknown })?.value ?? p.key) as CueField),
  );
  const pair = doc.createPair(field, value);
  if (at < 0) node.items.push(pair);
  else node.items.splice(at, 0, pair);
}

/** the whole show validated as the watcher will read it; a problem in the edited cue goes next to its field */
function validateShow(text: string, file: string, edit: ShowEdit): void {
  try {
    parseConfigText(text, basename(file), showSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const fields: Partial<Record<CueField, string>> = {};
    for (const p of err.problems) {
      const m = /^cues\.(\d+)\.(\w+)/.exec(p.path);
      if (!m || edit.op === 'delete') continue;
      // a number used twice is told at its second use, which may be the other cue
      const twice = m[2] === 'number' && p.message.startsWith(`cue number ${edit.cue.number} `);
      if ((Number(m[1]) === edit.index || twice) && FIELD_ORDER.includes(m[2] as CueField))
        fields[m[2] as CueField] = p.message;
    }
    throw new EditRefused(`nothing was saved: ${err.message}`, fields);
  }
}

/** a temp file beside it, then a rename: a reader sees the old file or the new one, never half of one */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { flag: 'wx', mode: (await stat(file)).mode & 0o777 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
