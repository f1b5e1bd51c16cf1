import type { ExhibitCommands } from './exhibit-commands.ts';
import type { ConditionStore } from './mapping/store.ts';
import type { Target } from './mapping/target.ts';
import { isOn, type Signal } from './core/signals.ts';
import { speakerOsc } from './speaker-commands.ts';
import type { CommandAudit } from './accounts/command-audit.ts';

/** conditions a desk streams (faders, sticks, held actions): never audited one by one */
const CONTINUOUS = /^\/nacre\/(move|look|action\/.*)$/;

/** what the audit says of a command's argument */
function detailOf(v: Signal['value']): string | undefined {
  if (typeof v === 'string') return v.slice(0, 200);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

const pair = (v: Signal['value']): [number, number] | undefined =>
  Array.isArray(v) && v.length >= 2 && Number.isFinite(v[0]) && Number.isFinite(v[1]) ? [v[0]!, v[1]!] : undefined;

/**
 * Nacre's OSC dictionary (README "OSC"). Conditions set here are show cues: they hold at cue priority, over
 * the visitors, until the next message for them (or /nacre/release). handle() returns false for addresses it
 * does not own, which then go through the configured mappings like any signal.
 */
export class OscApi {
  private readonly cued = new Set<string>();
  /** `/nacre/action/<verb>` messages for a verb neither the model nor `osc.verbs` knows: dropped */
  verbsRefused = 0;
  /** `/nacre/speaker/...` messages that named no speaker or channel, or a value out of range: dropped */
  speakerRefused = 0;
  /** the commands (not the continuous conditions) are audited with their sender, once the runtime has an audit log */
  audit: CommandAudit | undefined;

  /**
   * The OSC dictionary has the console's powers: the same commands, and conditions at cue priority.
   * `verbs` says which action verbs a cue may hold now (the model's advertised verbs and `osc.verbs`): any
   * sender can make up verbs, and each one held would be checked on every step.
   */
  constructor(
    private readonly store: ConditionStore,
    private readonly c: ExhibitCommands,
    private readonly verbs: (verb: string) => boolean = () => true,
    /** more of the dictionary: the show's cues (/nacre/cue/..., /nacre/panic), record and replay, votes */
    private readonly more: { handleOsc(address: string, value: Signal['value'], s: Signal): boolean }[] = [],
  ) {}

  handle(s: Signal): boolean {
    if (!s.channel.startsWith('/nacre/')) return false;
    const handled = this.dispatch(s);
    if (handled && this.audit && !CONTINUOUS.test(s.channel)) {
      const detail = detailOf(s.value);
      const from = s.source.replace(/^osc:/, '');
      this.audit.record({ user: 'osc', via: 'osc', address: from, action: s.channel, ...(detail && { detail }) });
    }
    return handled;
  }

  private dispatch(s: Signal): boolean {
    const address = s.channel;
    if (this.more.some((m) => m.handleOsc(address, s.value, s))) return true;
    if (address.startsWith('/nacre/speaker/')) return this.speaker(address, s);
    const verb = /^\/nacre\/action\/([A-Za-z0-9_-]+)$/.exec(address);
    if (verb) return this.action(verb[1]!, isOn(s.value));
    switch (address) {
      case '/nacre/move':
      case '/nacre/look':
        return this.cue(address.slice('/nacre/'.length), s.value === true ? undefined : pair(s.value));
      case '/nacre/prompt':
      case '/nacre/style':
        if (typeof s.value === 'string' && s.value.trim()) this.c.instruct(s.value.trim());
        return true;
      case '/nacre/session/start':
        this.c.start();
        return true;
      case '/nacre/session/reset':
        this.c.reset();
        return true;
      case '/nacre/blackout':
        this.c.blackout(isOn(s.value));
        return true;
      case '/nacre/snapshot':
        this.c.snapshot(typeof s.value === 'string' && s.value ? s.value : undefined).catch(() => undefined); // logged by the camera hub
        return true;
      case '/nacre/pause':
      case '/nacre/resume':
        this.c.transport(address === '/nacre/pause' ? 'pause' : 'resume');
        return true;
      case '/nacre/rewind':
        this.c.transport('rewind', typeof s.value === 'number' ? s.value : 4);
        return true;
      case '/nacre/bookmark':
      case '/nacre/recall':
        if (typeof s.value === 'string' && s.value.trim())
          this.c[address === '/nacre/bookmark' ? 'bookmark' : 'recall'](s.value.trim());
        return true;
      case '/nacre/release':
        for (const t of this.cued) this.store.override(t as Target, undefined, 'cue');
        this.cued.clear();
        return true;
      default:
        return false;
    }
  }

  private speaker(address: string, s: Signal): true {
    try {
      const { id, change } = speakerOsc(address, s.value, s.args)!;
      this.c.speaker(id, change);
    } catch {
      this.speakerRefused++;
    }
    return true;
  }

  private action(verb: string, on: boolean): true {
    const target = `actions.${verb}`;
    if (this.cued.has(target) || this.verbs(verb)) return this.cue(target, on ? true : undefined);
    this.verbsRefused++;
    return true;
  }

  private cue(target: string, value: boolean | [number, number] | undefined): true {
    this.store.override(target as Target, value, 'cue');
    if (value === undefined) this.cued.delete(target);
    else this.cued.add(target);
    return true;
  }
}

/** the verbs a cue may hold: the running model's advertised `actions.<verb>` slots, and `osc.verbs` (read at each use: a reload may change it) */
export function oscVerbs(
  exhibit: { readonly config: { osc?: { verbs: readonly string[] } | undefined } },
  world: { keeper: { manifest: { actions: readonly { condition: string }[] } | undefined } },
): (verb: string) => boolean {
  return (verb) =>
    (exhibit.config.osc?.verbs.includes(verb) ?? false) ||
    (world.keeper.manifest?.actions.some((a) => a.condition === `actions.${verb}`) ?? false);
}
