import type { NacreConfig } from '../../config/schema.ts';
import { storeOptions } from '../exhibit-parts.ts';
import type { StoreOptions } from '../mapping/store.ts';
import type { SessionConfig } from '../session/config.ts';
import type { DriverFactory } from '../core/driver.ts';
import type { LiveChange, LiveDeviceKind, ReloadPlan } from './plan.ts';

/** the running parts a reload changes */
export interface ReloadTargets {
  store: { reconfigure(o: StoreOptions): void };
  router: { setWake(wake: NacreConfig['input']['wake']): void };
  session: { reconfigure(c: SessionConfig): void };
  supervisor: { add(f: DriverFactory<{ id: string }>, c: { id: string }): void; remove(id: string): Promise<void> };
  factory(kind: LiveDeviceKind): DriverFactory<{ id: string }>;
  feedback: { reconfigure(osc: NacreConfig['osc']): void };
  cameras: { reconfigure(cameras: NacreConfig['cameras']): void };
  /** the visitors' phones, when they run */
  phones?: { reconfigureModeration(m: NacreConfig['phones']['moderation']): void };
}

/** how each live change is applied to the running parts; the visit, the world and the other devices go on */
export const APPLY: Record<LiveChange, (next: NacreConfig, plan: ReloadPlan, t: ReloadTargets) => Promise<void>> = {
  async mappings(next, _plan, t) {
    t.store.reconfigure(storeOptions(next));
    t.router.setWake(next.input.wake);
  },
  async session(next, _plan, t) {
    t.session.reconfigure(next.session);
  },
  async devices(next, { devices }, t) {
    for (const id of [...devices.removed, ...devices.changed.map((d) => d.config.id)]) await t.supervisor.remove(id);
    for (const d of [...devices.added, ...devices.changed]) t.supervisor.add(t.factory(d.kind), d.config);
    t.feedback.reconfigure(next.osc);
    t.cameras.reconfigure(next.cameras);
  },
  async moderation(next, _plan, t) {
    if (!t.phones) throw new Error('the phones are not running: phones.moderation applies at the next start');
    t.phones.reconfigureModeration(next.phones.moderation);
  },
};
