import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from './audit.ts';
import { COALESCE_MS, CommandAudit } from './command-audit.ts';

afterEach(() => vi.useRealTimers());

function rig() {
  const written: Omit<AuditEntry, 'at'>[] = [];
  return { written, audit: new CommandAudit({ record: (e) => written.push(e) }) };
}
const blackout = {
  user: 'osc',
  via: 'osc' as const,
  address: '10.0.0.5:53000',
  action: '/nacre/blackout',
  detail: '1',
};

describe('CommandAudit: commands from HTTP and OSC, repeats coalesced', () => {
  it('a command is written at once; its repeats within the window become one count entry', () => {
    vi.useFakeTimers();
    const { written, audit } = rig();
    for (let i = 0; i < 30; i++) audit.record(blackout);
    expect(written).toEqual([blackout]);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(written).toEqual([blackout, { ...blackout, detail: '1 (repeated 29 more times within 10 s)' }]);
    audit.record(blackout); // a new window
    expect(written).toHaveLength(3);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(written).toHaveLength(3); // no repeats: no count entry
  });

  it('another sender, another command or another argument is its own entry; close() writes open counts', () => {
    const { written, audit } = rig();
    audit.record(blackout);
    audit.record({ ...blackout, address: '10.0.0.6:53000' });
    audit.record({ ...blackout, detail: '0' });
    audit.record({ ...blackout, action: '/nacre/session/start', detail: undefined });
    audit.record(blackout);
    expect(written).toHaveLength(4);
    audit.close();
    expect(written.at(-1)).toEqual({ ...blackout, detail: '1 (repeated 1 more time within 10 s)' });
  });

  it('follows a bounded number of senders: a flood of new ones writes the oldest counts out early', () => {
    const { written, audit } = rig();
    audit.record(blackout);
    audit.record(blackout);
    for (let port = 1; port <= 256; port++) audit.record({ ...blackout, address: `10.0.0.9:${port}` });
    expect(written.filter((e) => e.address === blackout.address).map((e) => e.detail)).toEqual([
      '1',
      '1 (repeated 1 more time within 10 s)',
    ]);
    audit.close();
  });
});
