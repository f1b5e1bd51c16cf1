import { describe, expect, it } from 'vitest';
import { Blocklist } from './blocklist.ts';
import { phonesConfigSchema } from './config.ts';
import { Moderator } from './moderation.ts';
import { cleanText, foldText } from './normalise.ts';

const blocklist = new Blocklist(['# words the exhibit will not take', 'snow', 'burn it down', 'ass']);
const config = (over: Record<string, unknown> = {}) =>
  phonesConfigSchema.parse({ moderation: { cooldownSeconds: 0, perMinute: 100, maxLength: 40, ...over } }).moderation;

describe('normalisation', () => {
  it('folds width, case, accents and invisible characters to the plain word', () => {
    for (const variant of [
      'ｓｎｏｗ',
      'SNOW',
      's\u200bn\u200co\u200dw',
      'śńów',
      's\u0301now',
      'sn\u00adow',
      's\uFE0Fnow',
    ])
      expect(words(variant)).toEqual(['snow']);
  });

  it('keeps what the model reads readable: one space between words, no invisibles, case kept', () => {
    expect(cleanText('  Make\u200b it\t\tSNOW  ')).toBe('Make it SNOW');
    expect(cleanText('ﬁre')).toBe('fire');
  });
});

const words = (t: string) => foldText(t).match(/[\p{L}\p{N}]+/gu);

describe('blocklist', () => {
  it('matches whole words and phrases, also spelled out letter by letter', () => {
    expect(blocklist.match(foldText('make it ＳＮＯＷ'))).toBe('snow');
    expect(blocklist.match(foldText('s n o w please'))).toBe('snow');
    expect(blocklist.match(foldText('s.n.o.w'))).toBe('snow');
    expect(blocklist.match(foldText('Burn\u200b it   DOWN'))).toBe('burn it down');
    expect(blocklist.size).toBe(3);
  });

  it('folds look-alike letters of other scripts: Cyrillic, Greek, mixed', () => {
    const hits = [
      '\u0455n\u043ew', // Cyrillic dze and o: "ѕnоw"
      '\u0405N\u041EW', // the same in capitals: "ЅNОW"
      'sn\u03bfw', // Greek omicron: "snοw"
      'let it \u0455\u0578\u03bfw', // Cyrillic s, Armenian n, Greek o in one word
      'sn0w', // a digit zero for the o
      'burn it d\u043Ewn', // Cyrillic o inside a phrase
      '\u03b1\u0455\u0455', // Greek alpha, Cyrillic s: "αѕѕ"
      '\u0455 n \u043e w', // look-alikes spelled out letter by letter
    ];
    for (const t of hits) expect(blocklist.match(foldText(t)), t).toBeDefined();
  });

  it('lets normal words through, accents and other scripts included', () => {
    for (const t of [
      'de la neige sur les toits',
      'Schnee fällt über München',
      'un café au bord du lac',
      'a snowy owl in the class',
      'Öl, Straße, garçon, naïve, smörgåsbord',
      'снег идёт', // Russian "snow falls": Cyrillic words that are not look-alikes of a listed one
      'χιόνι στα βουνά', // Greek "snow on the mountains"
    ])
      expect(blocklist.match(foldText(t)), t).toBeUndefined();
  });

  it('does not match inside other words', () => {
    expect(blocklist.match(foldText('a class of snowy owls'))).toBeUndefined();
    expect(blocklist.match(foldText('burn the candle'))).toBeUndefined();
  });
});

describe('moderator', () => {
  it('passes a clean suggestion, cleaned', async () => {
    const m = new Moderator(config(), blocklist, () => false);
    expect(await m.check(1, '  a kitten\u200b runs in ')).toEqual({ ok: true, text: 'a kitten runs in' });
  });

  it('refuses blocked, too long, empty, malformed and non-text suggestions', async () => {
    const m = new Moderator(config(), blocklist, () => false);
    const reason = async (t: unknown) => {
      const v = await m.check(1, t);
      return v.ok ? 'ok' : v.reason;
    };
    expect(await reason('let it ｓｎｏｗ')).toBe('blocked');
    expect(await reason('x'.repeat(41))).toBe('too-long');
    expect(await reason('x'.repeat(1_000_000))).toBe('too-long');
    expect(await reason(' \u200b ')).toBe('empty');
    expect(await reason('half a pair \ud800')).toBe('invalid');
    expect(await reason({ text: 'hi' })).toBe('invalid');
    expect(await reason('fine 🌧️ rain')).toBe('ok');
  });

  it('limits each phone per minute and with a cooldown, others unaffected', async () => {
    const m = new Moderator(config({ perMinute: 2, cooldownSeconds: 0 }), blocklist, () => false);
    expect((await m.check(1, 'one')).ok).toBe(true);
    expect((await m.check(1, 'two')).ok).toBe(true);
    const third = await m.check(1, 'three');
    expect(third).toMatchObject({ ok: false, reason: 'slow-down' });
    expect((await m.check(2, 'other phone')).ok).toBe(true);

    const c = new Moderator(config({ cooldownSeconds: 30 }), blocklist, () => false);
    expect((await c.check(1, 'one')).ok).toBe(true);
    expect(await c.check(1, 'again')).toEqual({ ok: false, reason: 'slow-down', retryInSeconds: 30 });
  });

  it('a blocked suggestion costs its turn; a banned phone is refused before anything', async () => {
    const m = new Moderator(config({ perMinute: 1 }), blocklist, (p) => p === 9);
    expect(await m.check(1, 'snow')).toMatchObject({ reason: 'blocked' });
    expect(await m.check(1, 'rain')).toMatchObject({ reason: 'slow-down' });
    expect(await m.check(9, 'rain')).toEqual({ ok: false, reason: 'banned' });
  });

  it("checks the operator's edit with the same text filters", () => {
    const m = new Moderator(config(), blocklist, () => false);
    expect(m.checkEdit('ｓｎｏｗ')).toEqual({ ok: false, reason: 'blocked' });
    expect(m.checkEdit('rain')).toEqual({ ok: true, text: 'rain' });
  });
});

describe('a config reload of the moderation', () => {
  it("keeps each phone's count while the rate is the same; a new rate starts every phone afresh", async () => {
    const m = new Moderator(config({ perMinute: 1 }), undefined, () => false);
    expect(await m.check(1, 'a kite')).toMatchObject({ ok: true });
    expect(await m.check(1, 'a kite')).toMatchObject({ ok: false, reason: 'slow-down' });
    m.reconfigure(config({ perMinute: 1, maxLength: 8 }), blocklist);
    expect(await m.check(1, 'a kite')).toMatchObject({ ok: false, reason: 'slow-down' });
    expect(m.checkEdit('snow')).toEqual({ ok: false, reason: 'blocked' });
    expect(m.checkEdit('a long kite')).toEqual({ ok: false, reason: 'too-long' });
    m.reconfigure(config({ perMinute: 2 }), undefined);
    expect(await m.check(1, 'snow')).toEqual({ ok: true, text: 'snow' });
  });
});
