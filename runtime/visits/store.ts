import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelState, SavedTensor } from '../core/world-model.ts';

/** a visit's link: 128 random bits, so links cannot be guessed or listed */
export const TOKEN = /^[A-Za-z0-9_-]{22}$/;
/** the code typed at a kiosk to carry a world on: 8 letters and digits without look-alikes (40 bits) */
const CODE_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE = /^[A-Z2-9]{8}$/;

export interface VisitMeta {
  token: string;
  code: string;
  createdAt: string;
  seconds: number;
  /** the world's state was saved: the code can carry it on */
  state: boolean;
}

export const newToken = () => randomBytes(16).toString('base64url');
export const newCode = () => Array.from({ length: 8 }, () => CODE_LETTERS[randomInt(CODE_LETTERS.length)]).join('');
/** what a visitor types, as the code is stored: upper case, no spaces or dashes */
export const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

type StoredTensor = Omit<SavedTensor, 'data'> & { data: string };

/** The visits on disk: one folder a visit, named by its token (visit.mp4, still.jpg, state.json, meta.json). */
export class VisitStore {
  private readonly codes = new Map<string, string>();

  constructor(readonly root: string) {}

  async load(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const name of await readdir(this.root)) {
      const meta = await this.meta(name);
      if (meta) this.codes.set(meta.code, meta.token);
    }
  }

  folder(token: string): string {
    if (!TOKEN.test(token)) throw new Error('not a visit token');
    return join(this.root, token);
  }

  async meta(token: string): Promise<VisitMeta | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const text = await readFile(join(this.root, token, 'meta.json'), 'utf8').catch(() => undefined);
    return text ? (JSON.parse(text) as VisitMeta) : undefined;
  }

  async save(meta: VisitMeta, state: ModelState | undefined): Promise<void> {
    const dir = this.folder(meta.token);
    if (state) {
      const tensors: Record<string, StoredTensor> = {};
      for (const [k, t] of Object.entries(state.tensors))
        tensors[k] = { ...t, data: Buffer.from(t.data).toString('base64') };
      await writeFile(join(dir, 'state.json'), JSON.stringify({ ...state, tensors }));
    }
    await writeFile(join(dir, 'meta.json'), JSON.stringify(meta));
    this.codes.set(meta.code, meta.token);
  }

  /** the saved world a code names (undefined: no such code, the visit expired, or no state was saved) */
  async stateFor(typed: string): Promise<ModelState | undefined> {
    const code = normaliseCode(typed);
    const token = CODE.test(code) ? this.codes.get(code) : undefined;
    if (!token) return undefined;
    const text = await readFile(join(this.root, token, 'state.json'), 'utf8').catch(() => undefined);
    if (!text) {
      this.codes.delete(code); // pruned by the retention rule
      return undefined;
    }
    const stored = JSON.parse(text) as Omit<ModelState, 'tensors'> & { tensors: Record<string, StoredTensor> };
    const tensors: Record<string, SavedTensor> = {};
    for (const [k, t] of Object.entries(stored.tensors)) {
      const bytes = Buffer.from(t.data, 'base64');
      tensors[k] = { ...t, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
    }
    return { ...stored, tensors };
  }
}
