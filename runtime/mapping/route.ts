import type { Signal } from '../core/signals.ts';
import type { Filter } from './filter.ts';
import { compileGlob, type GlobMatcher } from './glob.ts';
import type { MappingSpec } from './mapping.ts';
import type { Contribution, Held } from './resolve.ts';

/** One mapping, compiled, with its filter chain and its contribution per signal source. */
export interface Route {
  spec: MappingSpec;
  source: GlobMatcher;
  channel: GlobMatcher;
  chains: Map<string, Filter[]>;
  held: Map<string, Contribution>;
}

export function compileRoute(spec: MappingSpec): Route {
  return {
    spec,
    source: compileGlob(spec.from.source),
    channel: compileGlob(spec.from.channel),
    chains: new Map(),
    held: new Map(),
  };
}

/**
 * A signal's value as a mapping holds it: arrays give their first two components ([x] alone is a
 * number); an empty array or a non-finite number is dropped rather than letting the world run away.
 */
export function fromSignal(v: Signal['value']): Held | undefined {
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (!v.every(Number.isFinite)) return undefined;
  if (v.length >= 2) return [v[0]!, v[1]!];
  return v.length === 1 ? v[0] : undefined;
}
