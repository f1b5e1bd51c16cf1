import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import { IDENTITY_MAPPING, mappingSchema } from '../displays/projector/mapping/schema.ts';
import type { ProjectorOutput } from '../displays/projector/output.ts';
import type { ProjectionView } from './console/protocol.ts';
import type { TestPattern } from './core/display-protocol.ts';
import type { Logger } from './core/log.ts';

const PATTERNS: readonly TestPattern[] = ['grid', 'crosshair', 'ramps', 'bars', 'id'];
const SAVE_DELAY_MS = 300;

export type { ProjectionView };
export type ProjectionResult = { ok: true } | { ok: false; error: string };

/**
 * The displays' projection mappings as the operator sets them up from the console: each change goes to the
 * display's pages at once and is saved in the state folder (stateDir/projection/<id>.json), where it
 * survives restarts and config edits and overrides the config's `mapping` until reset. Test patterns are not saved.
 */
export class Projection {
  private readonly calibrated = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly projectors: readonly ProjectorOutput[],
    stateDir: string,
    private readonly log: Logger,
  ) {
    this.dir = join(stateDir, 'projection');
  }

  private readonly dir: string;

  /** the saved calibrations, over the config's mappings */
  async load(): Promise<void> {
    for (const p of this.projectors) {
      const file = this.file(p.id);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      try {
        const saved = JSON.parse(text) as { mapping?: unknown };
        p.setMapping(mappingSchema.parse(saved.mapping));
        this.calibrated.add(p.id);
      } catch (err) {
        this.log.warn(
          { display: p.id, file, err: (err as Error).message },
          'a saved calibration was unreadable; the config mapping is used',
        );
      }
    }
  }

  views(): ProjectionView[] {
    return this.projectors.map((p) => ({
      id: p.id,
      mapping: p.mapping,
      calibrated: this.calibrated.has(p.id),
      pattern: p.pattern,
      ...(p.config.region ? { region: p.config.region } : {}),
      ...(p.screen ? { screen: p.screen } : {}),
      ...(p.config.output ? { output: p.config.output } : {}),
    }));
  }

  /** every change (a console shows it) */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(id: string, mapping: unknown): ProjectionResult {
    const p = this.find(id);
    if (!p) return { ok: false, error: `no display "${id}"` };
    const parsed = mappingSchema.safeParse(mapping);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `mapping ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
    }
    p.setMapping(parsed.data);
    this.calibrated.add(id);
    this.scheduleSave(p);
    this.changed();
    return { ok: true };
  }

  pattern(id: string, pattern: unknown): ProjectionResult {
    const p = this.find(id);
    if (!p) return { ok: false, error: `no display "${id}"` };
    if (pattern !== null && !PATTERNS.includes(pattern as TestPattern))
      return { ok: false, error: `a pattern is one of ${PATTERNS.join(', ')}, or null` };
    p.setPattern(pattern as TestPattern | null);
    this.changed();
    return { ok: true };
  }

  /** back to the config's mapping: the saved calibration is removed */
  async reset(id: string): Promise<ProjectionResult> {
    const p = this.find(id);
    if (!p) return { ok: false, error: `no display "${id}"` };
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    p.setMapping(p.config.mapping ?? IDENTITY_MAPPING);
    this.calibrated.delete(id);
    await rm(this.file(id), { force: true });
    this.changed();
    return { ok: true };
  }

  /** every display's mapping as a config excerpt (paste into the exhibit's YAML under each display) */
  yaml(): string {
    const displays = this.projectors.map((p) => ({ id: p.id, mapping: p.mapping }));
    const doc = new Document({ displays });
    // points and other lists of numbers on one line: [0.02, 0.01]
    visit(doc, { Seq: (_, seq) => void (seq.items.every(isScalar) && (seq.flow = true)) });
    return `# projection mappings exported ${new Date().toISOString()}\n${doc.toString({ lineWidth: 120 })}`;
  }

  /** writes what is still waiting to be saved */
  async flush(): Promise<void> {
    const waiting = [...this.timers.keys()];
    for (const id of waiting) clearTimeout(this.timers.get(id));
    this.timers.clear();
    const projectors = waiting.map((id) => this.find(id)).filter((p): p is ProjectorOutput => p !== undefined);
    await Promise.all(projectors.map((p) => this.save(p)));
  }

  private find(id: string): ProjectorOutput | undefined {
    return this.projectors.find((p) => p.id === id);
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  private scheduleSave(p: ProjectorOutput): void {
    clearTimeout(this.timers.get(p.id));
    this.timers.set(
      p.id,
      setTimeout(() => {
        this.timers.delete(p.id);
        void this.save(p);
      }, SAVE_DELAY_MS),
    );
  }

  private async save(p: ProjectorOutput): Promise<void> {
    const file = this.file(p.id);
    try {
      await mkdir(this.dir, { recursive: true });
      const body = JSON.stringify({ display: p.id, savedAt: new Date().toISOString(), mapping: p.mapping }, null, 1);
      await writeFile(`${file}.tmp`, body);
      await rename(`${file}.tmp`, file);
    } catch (err) {
      this.log.error({ display: p.id, file, err: (err as Error).message }, 'the calibration could not be saved');
    }
  }
}
