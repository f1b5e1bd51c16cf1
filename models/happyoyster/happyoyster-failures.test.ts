/** The HappyOyster backend's Node side against the Open API stand-in (test/rigs/happyoyster): a visit that cannot start or goes on failing the model. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStandIn, type HappyOysterStandIn } from '../../test/rigs/happyoyster/stand-in.ts';
import type { HappyOysterSession } from './session.ts';
import { loadAgainst } from './happyoyster-fixtures.ts';

describe('HappyOyster against the Open API stand-in', () => {
  let api: HappyOysterStandIn;
  const load = (h: Record<string, unknown>) => loadAgainst(api, h);
  beforeAll(async () => {
    api = await startStandIn();
  });
  afterAll(() => api?.close());

  it("capacity refused (403008): the visit's session fails clearly and the model reports the failure", async () => {
    const model = await load({ mode: 'adventure', worlds: [api.addWorld('adventure')] });
    const failed = vi.fn();
    model.onFailure(failed);
    api.faults.capacity = true;
    await expect(model.openSession()).rejects.toThrow(/403008 no capacity now/);
    expect(failed).toHaveBeenCalledOnce();
    api.faults.capacity = false;
    await model.close();
  });

  it('the page cannot join (player failed, expired ticket) or never joins, or the network goes: the model fails', async () => {
    const one = await load({ mode: 'adventure', worlds: [api.addWorld('adventure')] });
    const failedOne = vi.fn();
    one.onFailure(failedOne);
    const a = (await one.openSession()) as HappyOysterSession;
    a.report({ id: a.surfaceLink.surface!.id, event: 'failed', message: 'ticket invalid or expired', code: 401010 });
    expect(failedOne.mock.calls[0]![0].message).toMatch(/display could not play the travel: ticket invalid or expired/);
    await expect(a.next()).rejects.toThrow(/could not play/);
    expect(a.surfaceLink.surface).toBeUndefined();

    const two = await load({ mode: 'adventure', worlds: [api.addWorld('adventure')], joinTimeoutSec: 0.05 });
    const b = (await two.openSession()) as HappyOysterSession;
    b.report({ id: b.surfaceLink.surface!.id, event: 'starting' });
    await new Promise((r) => setTimeout(r, 80));
    await expect(b.next()).rejects.toThrow(/has not joined it/);

    const three = await load({ mode: 'adventure', worlds: [api.addWorld('adventure')] });
    const failedThree = vi.fn();
    three.onFailure(failedThree);
    const c = (await three.openSession()) as HappyOysterSession;
    const { encryptedTravelId } = await three.client.enterTravel(c.surfaceLink.surface!.ticket);
    c.report({ id: c.surfaceLink.surface!.id, event: 'joined', travelId: encryptedTravelId });
    api.faults.travelsGone = true;
    await vi.waitFor(() => expect(failedThree).toHaveBeenCalledOnce());
    expect(failedThree.mock.calls[0]![0].message).toMatch(/404000 no such travel/);
    api.faults.travelsGone = false;
    await Promise.all([one.close(), two.close(), three.close()]);
  });
});
