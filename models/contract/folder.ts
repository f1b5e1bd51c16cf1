import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ModelLoadError } from './errors.ts';
import { manifestSchema, type Manifest } from '../../runtime/core/manifest.ts';

export interface ModelFolder {
  dir: string;
  manifest: Manifest;
  modelPath: string;
  initPath?: string;
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function jsonLine(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const line = text.slice(0, Number(m[1])).split('\n').length;
  return `${message} (line ${line})`;
}

/** Reads and validates a wm/1 folder's manifest.json; the graphs are checked once loaded. */
export async function readModelFolder(dir: string): Promise<ModelFolder> {
  const root = resolve(dir);
  const manifestPath = join(root, 'manifest.json');
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found (a wm/1 model folder needs manifest.json)' : `cannot be read (${code})`;
    throw new ModelLoadError(display(manifestPath), [why]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ModelLoadError(display(manifestPath), [`invalid JSON: ${jsonLine(text, (err as Error).message)}`]);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ModelLoadError(display(manifestPath), problems);
  }
  const manifest = parsed.data;
  const modelPath = join(root, 'model.onnx');
  const initPath = manifest.init ? resolve(root, manifest.init.file) : undefined;
  return { dir: root, manifest, modelPath, ...(initPath ? { initPath } : {}) };
}

export { display as displayPath };
