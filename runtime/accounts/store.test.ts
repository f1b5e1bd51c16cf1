import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sessions } from './sessions.ts';
import { AccountStore } from './store.ts';

describe('AccountStore', () => {
  it('keeps scrypt hashes, never the password, in a file only its owner reads', async () => {
    const store = new AccountStore(await mkdtemp(join(tmpdir(), 'nacre-accounts-')));
    await store.set('olga', 'operator', 'olga-password-1');
    const text = await readFile(store.file, 'utf8');
    expect(text).not.toContain('olga-password-1');
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await store.verify('olga', 'olga-password-1')).toEqual({ user: 'olga', role: 'operator' });
    expect(await store.verify('olga', 'wrong-password')).toBeUndefined();
    expect(await store.verify('nobody', 'olga-password-1')).toBeUndefined();
  });

  it('changes a password and role in place, removes an account, refuses short passwords', async () => {
    const store = new AccountStore(await mkdtemp(join(tmpdir(), 'nacre-accounts-')));
    await store.set('vic', 'viewer', 'first-password');
    await store.set('vic', 'operator', 'second-password');
    expect(await store.verify('vic', 'first-password')).toBeUndefined();
    expect(await store.verify('vic', 'second-password')).toEqual({ user: 'vic', role: 'operator' });
    expect((await store.list()).map((a) => a.name)).toEqual(['vic']);
    await expect(store.set('x', 'viewer', 'short')).rejects.toThrow(/at least 8/);
    expect(await store.remove('vic')).toBe(true);
    expect(await store.verify('vic', 'second-password')).toBeUndefined();
  });
});

describe('Sessions', () => {
  it('a token is good until its hours have passed, and ends with its user', () => {
    let now = 0;
    const sessions = new Sessions(12, () => now);
    const s = sessions.open({ user: 'olga', role: 'operator' });
    expect(sessions.find(s.token)?.user).toBe('olga');
    now = 12 * 3600_000 - 1;
    expect(sessions.find(s.token)).toBeDefined();
    now = 12 * 3600_000;
    expect(sessions.find(s.token)).toBeUndefined();
    const t = sessions.open({ user: 'olga', role: 'operator' });
    sessions.endAll('olga');
    expect(sessions.find(t.token)).toBeUndefined();
    expect(sessions.find('made-up')).toBeUndefined();
  });
});
