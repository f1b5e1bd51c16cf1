/** The HappyOyster backend's Node side against the Open API stand-in (test/rigs/happyoyster): Adventure and Directing travels, worlds built from a prompt. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { neutralConditions } from '../../runtime/core/signals.ts';
import { surfaceLinkOf } from '../../runtime/core/display-protocol.ts';
import type { PendingAck } from '../../runtime/core/world-model.ts';
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

  it('Adventure: a library world, a ticket and a temporary key for the page, held commands, the travel ended at close', async () => {
    const model = await load({ mode: 'adventure', worlds: [api.addWorld('adventure')], maxExperienceTimeSec: 90 });
    const session = (await model.openSession()) as HappyOysterSession;
    const link = surfaceLinkOf(session)!;
    const s = link.surface!;
    expect(s).toMatchObject({
      kind: 'happyoyster',
      mode: 'adventure',
      model: 'happyoyster-1.0-adventure',
      maxExperienceTimeSec: 90,
      budgetSec: 90,
      poster: 'https://stand-in.invalid/library.jpg',
    });
    expect(s.ticket).toMatch(/^tk_/);
    expect(s.token).toMatch(/^st-/);
    expect(JSON.stringify(s)).not.toContain(api.key);
    // steps without frames keep the loop's heartbeat
    expect(await session.next()).toEqual({ frames: [], runMs: 0 });

    const changes = vi.fn();
    link.onChange(changes);
    session.push({ ...neutralConditions(), move: [0, 1], look: [1, 0], actions: { sprint: true } });
    expect(link.command).toEqual({ translation: 'Front', rotation: 'Mouse_Right', interaction: 'Sprint' });
    session.push({ ...neutralConditions(), move: [0, 1], look: [1, 0], actions: { sprint: true } });
    expect(changes).toHaveBeenCalledTimes(1); // unchanged held state is not re-sent from here (the page re-sends every 300 ms)
    link.report({ id: s.id, event: 'blur' });
    expect(link.command).toEqual({ translation: 'None', rotation: 'None', interaction: 'None' });

    // the page's player enters the travel with the ticket (the stand-in plays the SDK's part here)
    const { encryptedTravelId } = await model.client.enterTravel(s.ticket, 90);
    link.report({ id: s.id, event: 'starting' });
    expect(session.timeLeftMs()).toBeUndefined(); // the budget runs from the join
    link.report({ id: s.id, event: 'joined', travelId: encryptedTravelId });
    expect(session.timeLeftMs()).toBeLessThanOrEqual(90_000);
    expect(session.timeLeftMs()).toBeGreaterThan(80_000);
    expect(session.transport.status()).toMatchObject({ available: false, reason: expect.stringMatching(/Adventure/) });
    expect(session.transport.pause()).toMatchObject({ accepted: false });
    // the service's clock: 85 s gone by its status poll, then the travel over
    const travel = api.travels.get(encryptedTravelId)!;
    travel.startedAt -= 85_000;
    await vi.waitFor(() => expect(session.timeLeftMs()).toBeLessThanOrEqual(5_000));
    travel.startedAt -= 10_000;
    await vi.waitFor(() => expect(session.timeLeftMs()).toBe(0));
    expect(session.instruct({ text: 'a storm rolls in' })).toMatchObject({
      accepted: false,
      effect: expect.stringMatching(/Adventure world takes movement/),
    });
    session.push({ ...neutralConditions(), move: [-1, 0] });
    expect(link.command.translation).toBe('None'); // an ended travel holds nothing
    await session.close();
    expect(api.travels.get(encryptedTravelId)!.status).toBe('completed');
    await model.close();
  });

  it('Directing: instructions acknowledged or refused for content safety, pause, rewind in 4 s steps only while paused', async () => {
    const model = await load({ mode: 'directing', worlds: [api.addWorld('directing')] });
    const session = (await model.openSession()) as HappyOysterSession;
    const s = session.surfaceLink.surface!;
    expect(s.budgetSec).toBe(180);
    expect(session.instruct({ text: 'a lantern lights up' })).toMatchObject({
      accepted: false,
      effect: expect.stringMatching(/not started/),
    });
    const { encryptedTravelId } = await model.client.enterTravel(s.ticket);
    session.report({ id: s.id, event: 'joined', travelId: encryptedTravelId });

    const yes = session.instruct({ text: 'a lantern lights up' }) as PendingAck;
    expect(yes).toMatchObject({ accepted: true, effect: 'sent to HappyOyster' });
    expect(await yes.settled).toEqual({ accepted: true, effect: 'HappyOyster took it' });
    const no = session.instruct({ text: 'something forbidden happens' }) as PendingAck;
    expect(await no.settled).toEqual({ accepted: false, effect: "refused by HappyOyster's content safety (403004)" });
    expect(session.instruct({ text: 'x'.repeat(2001) })).toMatchObject({
      accepted: false,
      effect: expect.stringMatching(/2001 characters.*at most 2000/),
    });
    expect(api.travels.get(encryptedTravelId)!.instructions.map((i) => i.content)).toEqual(['a lantern lights up']);

    const transport = session.transport;
    expect(transport.rewind(8)).toMatchObject({
      accepted: false,
      effect: 'rewind works only while paused: pause first',
    });
    expect(transport.resume()).toMatchObject({ accepted: false, effect: 'not paused' });
    expect(await transport.pause().settled).toEqual({ accepted: true, effect: 'paused' });
    expect(transport.status()).toMatchObject({ available: true, paused: true, rewindStepSeconds: 4 });
    const t = api.travels.get(encryptedTravelId)!;
    t.startedAt -= 20_000; // 20 s into the travel
    // a status poll reads the elapsed time
    await vi.waitFor(() => expect(transport.status().rewindableSeconds).toBe(20));
    expect(await transport.rewind(8).settled).toEqual({ accepted: true, effect: 'rewound to 12 s' });
    expect(t.rewinds).toEqual([12]);
    expect(transport.status().paused).toBe(false);
    await model.close();
  });

  it('builds a world from the prompt with its progress; a world per visit builds one each time', async () => {
    api.faults.buildMs = 300;
    const model = await load({
      mode: 'adventure',
      build: { scene: 'a tide pool at dawn', character: 'a hermit crab', style: 'watercolour' },
      worldPerVisit: true,
    });
    const before = api.worlds.size;
    const opening = model.openSession();
    await vi.waitFor(() => expect(model.describe().where).toMatch(/building a world: generating/));
    await opening;
    expect(api.worlds.size).toBe(before + 1);
    expect([...api.worlds.values()].at(-1)!.prompt).toBe(
      'a tide pool at dawn. Character: a hermit crab. Style: watercolour',
    );
    await model.openSession();
    expect(api.worlds.size).toBe(before + 2);
    await model.close();
    api.faults.buildMs = 200;
  });
});
