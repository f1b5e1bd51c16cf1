/** Shared by the gamepad hardware tests: a supervisor with the real gamepad factory, and its signals. */
import { createGamepadFactory } from '../../drivers/gamepad/factory.ts';
import { gamepadSchema, gamepadSlots, type GamepadConfigInput } from '../../drivers/gamepad/schema.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { Supervisor } from '../../runtime/supervisor/supervisor.ts';
import { until as wait } from '../helpers/wait.ts';
import type { Signal } from '../../runtime/core/signals.ts';

export interface PadBench {
  supervisor: Supervisor;
  signals: Signal[];
  lost: string[];
  /** the latest value of a channel of `gamepad:<slot>` */
  latest(slot: string, channel: string): Signal['value'] | undefined;
  state(slot: string): string | undefined;
  identity(slot: string): string | undefined;
}

export function padBench(
  configs: GamepadConfigInput[],
  backoffMs = { initialBackoffMs: 200, maxBackoffMs: 1000 },
): PadBench {
  const supervisor = new Supervisor({ log: silentLogger(), ...backoffMs });
  const factory = createGamepadFactory();
  for (const c of configs.flatMap((c) => gamepadSlots(gamepadSchema.parse(c)))) supervisor.add(factory, c);
  const signals: Signal[] = [];
  const lost: string[] = [];
  supervisor.onSignal((s) => signals.push(s));
  supervisor.onSourceLost((s) => lost.push(s));
  supervisor.start();
  const entry = (slot: string) => supervisor.status().find((d) => d.id === slot);
  return {
    supervisor,
    signals,
    lost,
    latest: (slot, channel) => signals.findLast((s) => s.source === `gamepad:${slot}` && s.channel === channel)?.value,
    state: (slot) => entry(slot)?.state,
    identity: (slot) => entry(slot)?.device?.id,
  };
}

/** the guest emulates its CPU: the hardware tests wait up to 30 s */
export const until = <T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000) => wait(check, what, timeoutMs);
