/** The HappyOyster backend's Node side against the Open API stand-in (test/rigs/happyoyster): the key, the envelope's error codes, tickets renewed while waiting. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStandIn, type HappyOysterStandIn } from '../../test/rigs/happyoyster/stand-in.ts';
import { HappyOysterError, OpenApiClient } from './api.ts';
import { HappyOysterWorldModel } from './model.ts';
import type { HappyOysterSession } from './session.ts';
import { happyOysterSchema } from './spec.ts';
import { folder, loadAgainst, log } from './happyoyster-fixtures.ts';

describe('HappyOyster against the Open API stand-in', () => {
  let api: HappyOysterStandIn;
  const load = (h: Record<string, unknown>) => loadAgainst(api, h);
  beforeAll(async () => {
    api = await startStandIn();
  });
  afterAll(() => api?.close());

  it('says clearly when the key is not in the environment, and never reads it from the file', async () => {
    const dir = folder({ mode: 'adventure', baseUrl: api.url, keyEnv: 'HO_KEY', worlds: [api.addWorld('adventure')] });
    await expect(HappyOysterWorldModel.load(dir, { env: {}, log })).rejects.toThrow(
      /primary API key is not set: put it in the environment variable HO_KEY/,
    );
  });

  it("the envelope's codes come back as clear errors", async () => {
    const spec = happyOysterSchema.parse({ mode: 'adventure', baseUrl: api.url, worlds: ['x'] });
    const client = new OpenApiClient(spec, { key: api.key });
    const w = api.addWorld('adventure');
    const { ticket } = await client.travelCredential(w);
    await client.enterTravel(ticket, 90);
    await expect(client.enterTravel(ticket, 90)).rejects.toThrow('401011 the travel ticket was already used');
    const second = await client.travelCredential(w);
    api.expire(second.ticket);
    const expired = await client.enterTravel(second.ticket).catch((e: HappyOysterError) => e);
    expect(expired).toBeInstanceOf(HappyOysterError);
    expect((expired as HappyOysterError).ticketExpired).toBe(true);
    expect((expired as HappyOysterError).message).toMatch(/401010 the travel ticket is invalid or expired/);
    await expect(client.createWorld({ prompt: 'a forbidden garden' })).rejects.toThrow(
      /403004 refused by content safety/,
    );
    await expect(client.buildStatus('enc_nobody')).rejects.toThrow(/403001/);
    await expect(new OpenApiClient(spec, { key: 'sk-wrong' }).travelCredential(w)).rejects.toThrow(
      /HTTP 401.*check the primary key/,
    );
    await expect(
      new OpenApiClient({ ...spec, baseUrl: 'http://127.0.0.1:9' }, { key: api.key }).buildStatus(w),
    ).rejects.toThrow(/cannot be reached/);
  });

  it('a kiosk waiting longer than a ticket lives gets new credentials on the page before they run out, and not once a travel began', async () => {
    api.faults.ticketTtlSec = 1; // a 1 s ticket: renewed half way through its life
    const model = await load({ mode: 'adventure', worlds: [api.addWorld('adventure')] });
    const session = (await model.openSession()) as HappyOysterSession;
    const link = session.surfaceLink;
    const first = link.surface!;
    const changed = vi.fn();
    link.onChange(changed);
    await vi.waitFor(() => expect(link.surface!.ticket).not.toBe(first.ticket), { timeout: 5000 });
    expect(changed).toHaveBeenCalled();
    const renewed = link.surface!;
    expect(renewed).toMatchObject({ id: first.id, budgetSec: first.budgetSec });
    expect(renewed.token).not.toBe(first.token);
    // the renewed ticket is good: the page's player enters the travel with it
    const { encryptedTravelId } = await model.client.enterTravel(renewed.ticket);
    link.report({ id: renewed.id, event: 'starting' });
    link.report({ id: renewed.id, event: 'joined', travelId: encryptedTravelId });
    const held = link.surface!.ticket;
    await new Promise((r) => setTimeout(r, 1200)); // past another renewal's time: none comes now
    expect(link.surface!.ticket).toBe(held);
    api.faults.ticketTtlSec = 1800;
    await model.close();
  });
});
