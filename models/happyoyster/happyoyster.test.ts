/** The HappyOyster backend's Node side against the Open API stand-in (test/rigs/happyoyster). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { neutralConditions } from '../../runtime/core/signals.ts';
import { surfaceLinkOf } from '../../runtime/core/display-protocol.ts';
import { startStandIn, type HappyOysterStandIn } from '../../test/rigs/happyoyster/stand-in.ts';
import { chooseBackend } from '../backends.ts';
import { HappyOysterError, OpenApiClient } from './api.ts';
import { heldCommand, rotation, translation } from './controls.ts';
import { HappyOysterWorldModel } from './model.ts';
import type { PendingAck } from '../../runtime/core/world-model.ts';
import type { HappyOysterSession } from './session.ts';
import { happyOysterSchema } from './spec.ts';

const log = silentLogger();

function folder(happyoyster: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nacre-happyoyster-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ format: 'wm/1', name: 'oyster-test', width: 1280, height: 720, happyoyster }),
  );
  return dir;
}

describe('HappyOyster manifest and controls', () => {
  it('checks the happyoyster entry: where the service is, worlds or a build, the budget', () => {
    const bad = (v: Record<string, unknown>) =>
      happyOysterSchema.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad({ mode: 'adventure', worlds: ['enc_1'] })).toEqual([
      'baseUrl: give "region" and "workspace", or "baseUrl"',
    ]);
    expect(bad({ mode: 'adventure', baseUrl: 'http://127.0.0.1:1' })).toEqual([
      'worlds: give pre-built "worlds" or a "build"',
    ]);
    expect(
      bad({ mode: 'adventure', baseUrl: 'http://127.0.0.1:1', worlds: ['enc_1'], maxExperienceTimeSec: 100 })?.[0],
    ).toMatch(/^maxExperienceTimeSec/);
    expect(
      bad({ mode: 'directing', region: 'us-east-1', workspace: 'ws-1', worlds: ['enc_1'], key: 'sk-in-the-file' })?.[0],
    ).toMatch(/Unrecognized key/);
    expect(
      bad({ mode: 'directing', region: 'ap-southeast-1', workspace: 'ws-1', worldPerVisit: true, worlds: ['enc_1'] }),
    ).toEqual(['worldPerVisit: a world per visit needs "build"']);
  });

  it('is the backend of a folder with a happyoyster entry', async () => {
    expect(
      (await chooseBackend(folder({ mode: 'adventure', baseUrl: 'http://127.0.0.1:1', worlds: ['enc_1'] }))).kind,
    ).toBe('happyoyster');
  });

  it('maps move and look to 8 ways each, verbs to interaction', () => {
    expect([translation([0, 1]), translation([0, -1]), translation([-1, 0]), translation([1, 0])]).toEqual([
      'Front',
      'Back',
      'Left',
      'Right',
    ]);
    expect([
      translation([-0.7, 0.7]),
      translation([0.7, 0.7]),
      translation([-0.7, -0.7]),
      translation([0.7, -0.7]),
    ]).toEqual(['Front_Left', 'Front_Right', 'Back_Left', 'Back_Right']);
    expect(translation([0.1, 0.1])).toBe('None');
    expect([rotation([0, 1]), rotation([0, -1]), rotation([-1, 0]), rotation([1, 0])]).toEqual([
      'Mouse_Up',
      'Mouse_Down',
      'Mouse_Left',
      'Mouse_Right',
    ]);
    expect([rotation([-1, 1]), rotation([1, 1]), rotation([-1, -1]), rotation([1, -1])]).toEqual([
      'Mouse_Up_Left',
      'Mouse_Up_Right',
      'Mouse_Down_Left',
      'Mouse_Down_Right',
    ]);
    const verbs = { jump: 'Jump', sprint: 'Sprint' };
    expect(heldCommand({ move: [0, 1], look: [0, 0], actions: { jump: true } }, verbs)).toEqual({
      translation: 'Front',
      rotation: 'None',
      interaction: 'Jump',
    });
    expect(heldCommand({ move: [0, 0], look: [0, 0], actions: { jump: false, open_door: 1 } }, verbs).interaction).toBe(
      'open_door',
    );
  });
});

describe('HappyOyster against the Open API stand-in', () => {
  let api: HappyOysterStandIn;
  const env = () => ({ HO_KEY: api.key });
  const load = (h: Record<string, unknown>) =>
    HappyOysterWorldModel.load(
      folder({ baseUrl: api.url, keyEnv: 'HO_KEY', statusPollMs: 50, buildPollMs: 50, ...h }),
      { env: env(), log },
    );
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
