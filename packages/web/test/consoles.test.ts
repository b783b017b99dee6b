/** Pure pieces of the consoles: hours in Vietnam, the timeline's span, chart data, alert bodies. */
import { describe, expect, it } from 'vitest';
import { perHour, vietnamHour } from '../src/lib/format.ts';
import { stripSpan, type Exposure } from '../src/components/exposure-timeline/index.tsx';
import { categoryTotals, percent } from '../src/pages/authority-reports.tsx';
import { exposureOf } from '../src/pages/citizen-notifications.tsx';
import { ROUTES } from '../src/routes.ts';

const HOUR = 3_600_000;

describe('Vietnam hours', () => {
  it('UTC+7 all year: 17:30Z is 00 h the next day, 16:59Z is 23 h', () => {
    expect(vietnamHour('2025-03-01T17:30:00Z')).toBe(0);
    expect(vietnamHour('2025-03-01T16:59:59Z')).toBe(23);
    expect(vietnamHour('2025-07-01T01:00:00Z')).toBe(8);
  });
  it('perHour counts each instant once, 24 buckets', () => {
    const counts = perHour(['2025-03-01T01:00:00Z', '2025-03-01T01:59:00Z', '2025-03-01T02:00:00Z']);
    expect(counts).toHaveLength(24);
    expect(counts[8]).toBe(2);
    expect(counts[9]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('exposure timeline span', () => {
  const e = (start: string, end: string): Exposure => ({
    idNumber: '056190012345',
    venueId: 'v',
    overlapStart: start,
    overlapEnd: end,
    minutes: 10,
  });
  it('the exposures ± 1 h, clipped to the window; the window when there is none', () => {
    const from = '2025-03-01T00:00:00Z';
    const to = '2025-03-03T00:00:00Z';
    expect(stripSpan(from, to, [])).toEqual([Date.parse(from), Date.parse(to)]);
    const [a, b] = stripSpan(from, to, [e('2025-03-02T10:00:00Z', '2025-03-02T11:00:00Z')]);
    expect([a, b]).toEqual([Date.parse('2025-03-02T09:00:00Z'), Date.parse('2025-03-02T12:00:00Z')]);
    const [c, d] = stripSpan(from, to, [e('2025-03-01T00:10:00Z', '2025-03-02T23:30:00Z')]);
    expect([c, d]).toEqual([Date.parse(from), Date.parse(to)]);
    expect(b - a).toBe(3 * HOUR);
  });
});

describe('report charts', () => {
  it('percent: one decimal, 0 of nothing', () => {
    expect(percent(1, 2)).toBe(50);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(5, 0)).toBe(0);
  });
  it('categoryTotals sums a category over the decisions, largest first', () => {
    expect(
      categoryTotals({
        byCategory: {
          linked: { matched: 5, 'linked-by-similarity': 2 },
          review: { 'needs-review': 2 },
          unmatched: { 'id-not-found': 1, matched: 1 },
        },
      }),
    ).toEqual([
      ['matched', 6],
      ['linked-by-similarity', 2],
      ['needs-review', 2],
      ['id-not-found', 1],
    ]);
  });
});

describe('notifications', () => {
  it('an exposure body is recognised; anything else is not worded as one', () => {
    const body = { kind: 'exposure', visits: [{ venueId: 'v', from: 'a', to: 'b', minutes: 3 }] };
    expect(exposureOf(body)).toBe(body);
    expect(exposureOf({ kind: 'exposure' })).toBeUndefined();
    expect(exposureOf(null)).toBeUndefined();
    expect(exposureOf('exposure')).toBeUndefined();
  });
});

describe('routes', () => {
  it('every console and citizen page is a route with its own chunk', () => {
    const paths = ROUTES.map((r) => r.path);
    for (const p of [
      '/venue',
      '/venue/sign-in',
      '/authority',
      '/authority/linkage',
      '/authority/reports',
      '/authority/sign-in',
      '/citizen/passport',
      '/citizen/check-ins',
      '/citizen/notifications',
    ])
      expect(paths).toContain(p);
  });
});
