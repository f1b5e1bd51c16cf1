import { PRIORITIES, type Conditions, type Priority, type Signal } from '../core/signals.ts';
import { drives, fallbackFor, parseFallbacks, parseHeld } from './fallbacks.ts';
import { createFilter, runChain, STOP, type MappedValue } from './filter.ts';
import { TapLatch } from './latch.ts';
import { parseMapping, type MappingInput } from './mapping.ts';
import {
  LOOK_LIMIT,
  MOVE_LIMIT,
  resolveAction,
  resolveAxis,
  resolveLatest,
  resolveSlot,
  toAction,
  toAxis,
  toPerspective,
  toStyle,
  type Contribution,
  type Held,
  wholeVector,
} from './resolve.ts';
import { compileRoute, fromSignal, type Route } from './route.ts';
import { slotsOf, verbOf, type Slot, type Target } from './target.ts';
import { clamp } from './value.ts';

export interface StoreOptions {
  mappings: readonly MappingInput[];
  /** config's conditions.fallbacks: what a target holds when nothing drives it ({ "move": [0, 0], ... }) */
  fallbacks?: Readonly<Partial<Record<Target, MappedValue | string>>> | Readonly<Record<string, unknown>>;
}

/**
 * Signals in, Conditions out (DESIGN.md section 3, Mapping). Every (mapping, source) pair runs its own
 * filter chain and holds one contribution; contributions combine per slot at the highest priority present,
 * otherwise the slot takes its fallback; an action's tap is latched until one model step consumed it.
 */
export class ConditionStore {
  private routes: Route[] = [];
  private readonly overrides = new Map<string, Contribution>();
  private fallbacks: ReadonlyMap<Target, Held> = new Map();
  private readonly verbs = new Set<string>();
  /** verbs the mappings and fallbacks name: the others are known only while an override holds them */
  private readonly configuredVerbs = new Set<string>();
  private readonly latch = new TapLatch();
  private seq = 0;

  constructor(opts: StoreOptions) {
    this.reconfigure(opts);
  }

  /**
   * New mappings and fallbacks (a config reload): every mapping starts afresh (a held input counts again at its
   * next signal); the operator's and the cues' overrides stay. Throws, changing nothing, on a bad mapping.
   */
  reconfigure(opts: StoreOptions): void {
    const routes = opts.mappings.map((m, i) => compileRoute(parseMapping(m, i)));
    const fallbacks = parseFallbacks(opts.fallbacks ?? {});
    const before = [...this.configuredVerbs];
    this.routes = routes;
    this.fallbacks = fallbacks;
    this.configuredVerbs.clear();
    for (const target of [...routes.map((r) => r.spec.to), ...fallbacks.keys()]) this.know(target);
    for (const target of [...routes.map((r) => r.spec.to), ...fallbacks.keys()]) {
      const verb = verbOf(target);
      if (verb !== undefined) this.configuredVerbs.add(verb);
    }
    for (const verb of before) this.forget(`actions.${verb}`);
    for (const verb of this.verbs) this.edges(`actions.${verb}`);
  }

  ingest(signal: Signal): void {
    const value = fromSignal(signal.value);
    if (value === undefined) return;
    for (const r of this.routes) {
      if (!r.source(signal.source) || !r.channel(signal.channel)) continue;
      const out = this.run(r, signal.source, value, signal.t);
      const { to: target, priority } = r.spec;
      // A value that cannot drive the target (a number into style) leaves the last good one in place.
      if (out === STOP || !drives(target, out)) continue;
      r.held.set(signal.source, { target, source: signal.source, priority, value: out, seq: ++this.seq });
      this.edges(target);
    }
  }

  /** A source went away: its contributions and filter state go with it (a returning page starts fresh). */
  sourceLost(source: string): void {
    for (const r of this.routes) {
      r.chains.delete(source);
      if (r.held.delete(source)) this.edges(r.spec.to);
    }
  }

  /** Sets (or with undefined clears) an operator's or a show cue's value; throws if it cannot drive `target`. */
  override(target: Target, value: MappedValue | string | undefined, priority: 'operator' | 'cue'): void {
    const key = `${priority} ${target}`;
    if (value === undefined) this.overrides.delete(key);
    else {
      const held = parseHeld(target, value, `override of ${target}`);
      this.know(target);
      this.overrides.set(key, { target, source: 'override', priority, value: held, seq: ++this.seq });
    }
    this.edges(target);
    if (value === undefined) this.forget(target);
  }

  snapshot(): Conditions {
    const all = [...this.all()];
    const move = wholeVector(all, 'move');
    const look = wholeVector(all, 'look');
    const axis = (slot: Slot, limit: number) =>
      clamp(
        resolveAxis(slot, slot.startsWith('move.') ? move : look, limit)?.value ??
          fallbackFor(this.fallbacks, slot, toAxis) ??
          0,
        -limit,
        limit,
      );
    const actions: Record<string, boolean> = {};
    for (const verb of this.verbs) actions[verb] = this.latch.read(verb, this.action(`actions.${verb}`, all));
    const perspective = resolveLatest('perspective', all, toPerspective)?.value;
    const style = resolveLatest('style', all, toStyle)?.value ?? fallbackFor(this.fallbacks, 'style', toStyle);
    return {
      move: [axis('move.x', MOVE_LIMIT), axis('move.y', MOVE_LIMIT)],
      look: [axis('look.yaw', LOOK_LIMIT), axis('look.pitch', LOOK_LIMIT)],
      actions,
      perspective: perspective ?? fallbackFor(this.fallbacks, 'perspective', toPerspective) ?? 'first',
      ...(style === undefined ? {} : { style }),
    };
  }

  /** The slots held above visitor priority now (an operator's override, a show cue): they hold in every phase. */
  commanded(): Set<Slot> {
    const slots = new Set<Slot>();
    for (const c of this.all()) if (c.priority !== 'visitor') for (const { slot } of slotsOf(c.target)) slots.add(slot);
    return slots;
  }

  /** What operators or cues hold now, target by target (a show's panic fades and releases them). */
  overridden(priority: 'operator' | 'cue'): { target: Target; value: Held }[] {
    return [...this.overrides.values()]
      .filter((c) => c.priority === priority)
      .map((c) => ({ target: c.target, value: c.value }));
  }

  /** A model step took its snapshot: latched taps end; keys still held stay true. */
  consume(): void {
    this.latch.consume();
    for (const verb of this.verbs) this.forget(`actions.${verb}`);
  }

  /** Who drives `target` now (the highest level over its slots), or undefined while it is at its fallback. */
  active(target: Target): { priority: Priority; sources: string[] } | undefined {
    const all = this.all();
    const driven = slotsOf(target).flatMap(({ slot }) => resolveSlot(slot, all) ?? []);
    const best = PRIORITIES.find((p) => driven.some((d) => d.priority === p));
    if (!best) return undefined;
    const sources = driven.filter((d) => d.priority === best).flatMap((d) => d.sources);
    return { priority: best, sources: [...new Set(sources)] };
  }

  private run(r: Route, source: string, value: Held, t: number): Held | typeof STOP {
    // Strings (style names, "third") cannot be filtered: they only pass a mapping without filters.
    if (typeof value === 'string') return r.spec.filters.length ? STOP : value;
    let chain = r.chains.get(source);
    if (!chain) r.chains.set(source, (chain = r.spec.filters.map(createFilter)));
    return runChain(chain, value, t);
  }

  private all(): Contribution[] {
    return [...this.routes.flatMap((r) => [...r.held.values()]), ...this.overrides.values()];
  }

  private action(slot: Slot, all: readonly Contribution[]): boolean {
    return resolveAction(slot, all)?.value ?? fallbackFor(this.fallbacks, slot, toAction) ?? false;
  }

  private know(target: Target): void {
    const verb = verbOf(target);
    if (verb === undefined || this.verbs.has(verb)) return;
    this.verbs.add(verb);
    this.latch.seed(verb, this.action(`actions.${verb}`, this.all()));
  }

  /** A verb only an override named leaves the snapshot once no override holds it and no tap waits in the latch. */
  private forget(target: Target): void {
    const verb = verbOf(target);
    if (verb === undefined || this.configuredVerbs.has(verb) || this.latch.pending(verb)) return;
    if (this.overrides.has(`operator ${target}`) || this.overrides.has(`cue ${target}`)) return;
    this.verbs.delete(verb);
    this.latch.forget(verb);
  }

  /** After a change to `target`, lets the latch see an action's new resolved value. */
  private edges(target: Target): void {
    const verb = verbOf(target);
    if (verb !== undefined) this.latch.update(verb, this.action(`actions.${verb}`, this.all()));
  }
}
