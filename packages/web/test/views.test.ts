/** Pure pieces of the pages: plain-words access log lines, downscaling, routes as data. */
import { describe, expect, it } from 'vitest';
import { translator } from '../src/lib/i18n.ts';
import vi from '../src/locales/vi.json';
import en from '../src/locales/en.json';
import { describeEntry } from '../src/pages/access-log.tsx';
import { downscaleFactor, MAX_SIDE } from '../src/lib/decoder.ts';
import { answerFields } from '../src/components/scan-result/index.tsx';
import { ROUTES, routeFor } from '../src/routes.ts';

describe('access log in plain words', () => {
  const t = translator(vi);
  it('a venue scan: who (name, role), which fields, why', () => {
    const d = describeEntry(
      {
        at: '2025-03-01T08:00:00Z',
        actor: { name: 'Quán Phở Đức', role: 'venue-staff' },
        fields: ['name', 'colour'],
        purpose: 'scan (venue-staff)',
        outcome: 'disclosed',
        route: '/v1/scan',
      },
      t,
    );
    expect(d).toEqual({
      who: 'Quán Phở Đức (nhân viên địa điểm)',
      what: 'đã xem: tên, thẻ màu.',
      why: 'quét mã',
    });
  });
  it("a refused attempt, one's own read, and an unknown purpose shown as written", () => {
    const base = { at: '2025-03-01T08:00:00Z', route: '/v1/citizen/link', fields: [] };
    expect(
      describeEntry(
        {
          ...base,
          actor: { name: 'x', role: 'citizen' },
          purpose: 'link citizen account: ACCESS_IDENTITY_NOT_CONFIRMED',
          outcome: 'refused',
        },
        translator(en),
      ),
    ).toEqual({
      who: 'You',
      what: 'tried to read it and was refused.',
      why: 'linking the account to the population record',
    });
    expect(
      describeEntry({ ...base, actor: null, purpose: 'something new', outcome: 'disclosed' }, t).why,
    ).toBe('something new');
  });
});

describe('images are reduced before decoding', () => {
  it('a 12 Mpx photo to the longest side MAX_SIDE; small images untouched', () => {
    expect(downscaleFactor(4000, 3000) * 4000).toBe(MAX_SIDE);
    expect(downscaleFactor(800, 600)).toBe(1);
  });
});

describe('scan answers as fields', () => {
  it('flattens the role view, leaving colour to the banner', () => {
    expect(answerFields({ name: 'Nguyễn V. Ánh', colour: 'green' })).toEqual([['name', 'Nguyễn V. Ánh']]);
    expect(
      answerFields({
        identity: { confirmed: true, birthDate: '2001-06-15' },
        vaccinations: [1, 2],
        colour: null,
      }),
    ).toEqual([
      ['identity.confirmed', 'true'],
      ['identity.birthDate', '2001-06-15'],
      ['vaccinations', '2'],
    ]);
  });
});

describe('routes', () => {
  it('each path once, unknown paths to the not-found page, trailing slash tolerated', () => {
    const paths = ROUTES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(routeFor('/scanner/').path).toBe('/scanner');
    expect(routeFor('/nope').path).toBe('*');
  });
});
