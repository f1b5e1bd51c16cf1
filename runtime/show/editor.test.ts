import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { parseConfigText } from '../../config/loader.ts';
import { ShowEditor, type CueDraft } from './editor.ts';
import { showSchema } from './schema.ts';

const SHOW = `# the evening show
goGuardMs: 300
cues:
  # the doors open
  - number: 1
    name: Walk in
    actions:
      - { set: move, value: [0, 0.5] } # a slow walk
  - { number: 2, name: Dusk, preWait: 1 } # flow style stays
`;

let file: string;
let saved: string[];
let editor: ShowEditor;

beforeEach(async () => {
  file = join(await mkdtemp(join(tmpdir(), 'nacre-editor-')), 'show.yaml');
  await writeFile(file, SHOW);
  saved = [];
  editor = new ShowEditor(file, (text) => void saved.push(text));
});

const onDisk = () => readFile(file, 'utf8');

it('opens the cues with their actions as YAML, comments included', async () => {
  const draft = await editor.open();
  expect(draft.cues.map((c) => [c.number, c.name, c.preWait, c.continue])).toEqual([
    ['1', 'Walk in', 0, 'do-not-continue'],
    ['2', 'Dusk', 1, 'do-not-continue'],
  ]);
  expect(draft.cues[0]!.actions).toContain('# a slow walk');
  expect(draft.cues[1]!.actions).toBe('[]\n');
});

it('changes a cue in place: comments and the other cues stay, new keys in the usual order', async () => {
  const draft = await editor.open();
  const cue: CueDraft = { ...draft.cues[0]!, name: 'Walk in slowly', preWait: 2.5 };
  const result = await editor.save(draft.hash, { op: 'update', index: 0, cue });
  expect(result).toMatchObject({ ok: true, summary: 'changed cue 1: name, preWait' });
  const text = await onDisk();
  expect(text).toContain('# the evening show');
  expect(text).toContain('# the doors open');
  expect(text).toContain('# a slow walk');
  expect(text).toContain('# flow style stays');
  expect(text).toMatch(/name: Walk in slowly\n\s+preWait: 2.5\n\s+actions:/);
  expect(saved).toEqual([text]);
  const show = parseConfigText(text, file, showSchema);
  expect(show.cues[0]).toMatchObject({ number: '1', name: 'Walk in slowly', preWait: 2.5 });
  expect(show.cues[1]).toMatchObject({ number: '2', name: 'Dusk', preWait: 1 });
  // nothing left beside it: the temp file was renamed over the show
  expect(await readdir(join(file, '..'))).toEqual(['show.yaml']);
});

it("edits a cue's actions as YAML, adds a cue and deletes one", async () => {
  let draft = await editor.open();
  const actions = '- { instruct: make it night } # the dusk\n- { wait: 1 }\n';
  let result = await editor.save(draft.hash, { op: 'update', index: 1, cue: { ...draft.cues[1]!, actions } });
  expect(result.ok).toBe(true);
  draft = result.ok ? result.draft : draft;
  expect(draft.cues[1]!.actions).toContain('# the dusk');
  const added: CueDraft = { number: '1.5', name: 'Turn', preWait: 0, continue: 'auto-follow', actions: '' };
  result = await editor.save(draft.hash, { op: 'add', index: 1, cue: added });
  expect(result).toMatchObject({ ok: true, summary: 'added cue 1.5' });
  draft = result.ok ? result.draft : draft;
  expect(draft.cues.map((c) => c.number)).toEqual(['1', '1.5', '2']);
  result = await editor.save(draft.hash, { op: 'delete', index: 0 });
  expect(result).toMatchObject({ ok: true, summary: 'deleted cue 1' });
  const show = parseConfigText(await onDisk(), file, showSchema);
  expect(show.cues.map((c) => [c.number, c.continue])).toEqual([
    ['1.5', 'auto-follow'],
    ['2', 'do-not-continue'],
  ]);
  expect(show.cues[1]!.actions).toEqual([{ instruct: 'make it night' }, { wait: 1 }]);
});

it('an invalid edit: errors next to each field, the file untouched', async () => {
  const draft = await editor.open();
  const cue = { ...draft.cues[0]!, number: 'one two', preWait: -1, actions: '- { jump: high }\n' };
  const result = await editor.save(draft.hash, { op: 'update', index: 0, cue });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.fields?.number).toMatch(/letters, digits/);
  expect(result.fields?.preWait).toMatch(/at least 0/);
  expect(result.fields?.actions).toMatch(/^line 1, column \d+: action 0/);
  // a number another cue already has: the whole show's check, next to the number
  const twice = await editor.save(draft.hash, { op: 'update', index: 0, cue: { ...draft.cues[0]!, number: '2' } });
  expect(twice).toMatchObject({ ok: false, fields: { number: 'cue number 2 is used twice' } });
  // the last cue cannot go
  await writeFile(file, 'cues:\n  - { number: 1 }\n');
  const only = await editor.open();
  expect(await editor.save(only.hash, { op: 'delete', index: 0 })).toMatchObject({ ok: false });
  expect(await onDisk()).toBe('cues:\n  - { number: 1 }\n');
  expect(saved).toEqual([]);
});

it('refuses to overwrite a file changed on disk since it was opened', async () => {
  const draft = await editor.open();
  await writeFile(file, SHOW.replace('Dusk', 'Dawn'));
  const result = await editor.save(draft.hash, { op: 'update', index: 0, cue: { ...draft.cues[0]!, name: 'x' } });
  expect(result).toMatchObject({ ok: false, stale: true });
  expect(result.ok || result.error).toMatch(/changed on disk since you opened it/);
  expect(await onDisk()).toContain('Dawn');
  // two consoles with the same version: the second save finds the first one's file and is refused
  const fresh = await editor.open();
  const [a, b] = await Promise.all([
    editor.save(fresh.hash, { op: 'update', index: 0, cue: { ...fresh.cues[0]!, name: 'A' } }),
    editor.save(fresh.hash, { op: 'update', index: 0, cue: { ...fresh.cues[0]!, name: 'B' } }),
  ]);
  expect([a.ok, b.ok]).toEqual([true, false]);
  expect(parseConfigText(await onDisk(), file, showSchema).cues[0]!.name).toBe('A');
});
