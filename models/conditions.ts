import type { InstructionAck } from '../runtime/core/world-model.ts';
import type { Conditions, PromptEvent } from '../runtime/core/signals.ts';
import type { ActionSlot, Manifest } from '../runtime/core/manifest.ts';

/** the style's name while the world keeps the look a starting picture gave it (init.onnx style_out) */
export const IMAGE_STYLE = 'from-image';

type Reader = (c: Conditions) => number;

function reader(slot: ActionSlot): Reader {
  const axis = /^(move|look)\[([01])\]$/.exec(slot.condition);
  if (axis) {
    const key = axis[1] as 'move' | 'look';
    const i = Number(axis[2]);
    return (c) => c[key][i] ?? 0;
  }
  const verb = slot.condition.slice('actions.'.length);
  return (c) => {
    const v = c.actions[verb];
    return v === true ? 1 : v === false || v === undefined ? 0 : v;
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0;
}

/**
 * Turns Conditions into the model's `action` and `style` inputs, through the manifest alone:
 * a different model needs a different manifest, not different code.
 */
export class ConditionEncoder {
  private readonly readers: Reader[];
  private readonly slots: readonly ActionSlot[];
  private styleName: string | undefined;
  private styleVector: Float32Array | undefined;

  constructor(private readonly manifest: Manifest) {
    this.slots = manifest.actions;
    this.readers = manifest.actions.map(reader);
    if (manifest.style) this.setStyle(manifest.style.default);
  }

  /** action slot values, clamped to each slot's range; non-finite input becomes 0 */
  encodeActions(c: Conditions, into = new Float32Array(this.slots.length)): Float32Array {
    this.readers.forEach((read, i) => {
      const slot = this.slots[i]!;
      into[i] = clamp(read(c), slot.min, slot.max);
    });
    return into;
  }

  get style(): string | undefined {
    return this.styleName;
  }

  get presets(): string[] {
    return Object.keys(this.manifest.style?.presets ?? {});
  }

  /** the target style vector; the model blends towards it (state carries the current mood) */
  styleInput(): Float32Array | undefined {
    return this.styleVector;
  }

  /** applies a held `style` condition; unknown names are ignored and reported */
  setStyle(name: string): boolean {
    const preset = this.manifest.style?.presets[name];
    if (!preset) return false;
    this.styleName = name;
    this.styleVector = Float32Array.from(preset.values);
    return true;
  }

  /** holds a style vector that is no preset (a starting picture's) until the next preset is chosen */
  holdStyle(name: string, values: Float32Array): void {
    this.styleName = name;
    this.styleVector = Float32Array.from(values);
  }

  /** For a model whose only text control is its style presets: pick the preset whose keywords match. */
  instruct(p: PromptEvent): InstructionAck {
    const style = this.manifest.style;
    if (!style) return { accepted: false, effect: `model "${this.manifest.name}" takes no instructions` };
    const words = p.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    let best: { name: string; word: string; at: number } | undefined;
    for (const [name, preset] of Object.entries(style.presets)) {
      const keys = new Set([name.toLowerCase(), ...preset.keywords.map((k) => k.toLowerCase())]);
      // the last matching word wins: "from night to sunset" means sunset
      words.forEach((w, at) => {
        if (keys.has(w) && (!best || at > best.at)) best = { name, word: w, at };
      });
    }
    if (!best) {
      return { accepted: false, effect: `no style matches "${p.text}"; known: ${this.presets.join(', ')}` };
    }
    const { name, word } = best;
    const previous = this.styleName;
    this.setStyle(name);
    const effect =
      previous === name
        ? `style stays ${name} (matched "${word}")`
        : `style ${previous} -> ${name} (matched "${word}")`;
    return { accepted: true, effect, style: name };
  }
}
