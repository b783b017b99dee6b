/**
 * Issue 7's contract commands on the embedded default: `venues import` (idempotent, per-row
 * errors), `checkins generate` (deterministic) and `checkins import` (idempotent by eventId,
 * per-line errors), `tracing exposures --json` (the contract's fields, equal to the oracle).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { oracleExposures } from '../tracing/oracle.ts';
import { oneqrIn } from '../../../../test-support/oneqr-cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-cli-checkins-'));
const env = { ...process.env, ONEQR_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };

const oneqr = oneqrIn(dir, env);

describe('oneqr venues, checkins and tracing', () => {
  beforeAll(async () => {
    // The platform issuer that signs venue QRs (the demo seeds it at `serve`).
    const store = await openStore({ dataDir: path.join(dir, 'data') });
    await createIssuer(
      store.db,
      { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
      new Date(),
    );
    await store.close();
    const csv = path.join(dir, 'people.csv');
    expect((await oneqr('registry', 'generate', '--count', '60', '--out', csv)).code).toBe(0);
    expect((await oneqr('registry', 'import', csv)).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('venues import registers each venue once and names bad rows by line', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'venues.csv');
    const rows = ['venue_id,name,province_code,address,opens,closes'];
    for (let i = 0; i < 4; i++)
      rows.push(`venue-${i},"Quán số ${i}, Q.1",79,"${i} Lê Lợi, Quận 1",07:00,22:00`);
    rows.push('bad id!,Nowhere,79,somewhere,,', 'venue-9,Nowhere,7,somewhere,,');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const first = await oneqr('venues', 'import', file, '--json');
    expect(first.code, first.stderr).toBe(1);
    const s = JSON.parse(first.stdout);
    expect(s).toMatchObject({ rows: 6, inserted: 4, unchanged: 0, rejected: 2 });
    expect(s.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [6, 'VENUES_INVALID'],
      [7, 'VENUES_INVALID'],
    ]);
    const again = JSON.parse((await oneqr('venues', 'import', file, '--json')).stdout);
    expect(again).toMatchObject({ inserted: 0, unchanged: 4, rejected: 2 });
    const noHeader = path.join(dir, 'nohdr.csv');
    fs.writeFileSync(noHeader, 'id,name\n1,x\n');
    const refused = await oneqr('venues', 'import', noHeader);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('VENUES_CSV_HEADER');
  });

  it(
    'checkins generate is deterministic; import is idempotent; tracing exposures answers the contract',
    { timeout: 240_000 },
    async () => {
      const a = path.join(dir, 'a.jsonl');
      const b = path.join(dir, 'b.jsonl');
      const args = ['--persons', '60', '--venues', '4', '--days', '2', '--seed', '5'];
      expect((await oneqr('checkins', 'generate', ...args, '--out', a)).code).toBe(0);
      expect((await oneqr('checkins', 'generate', ...args, '--out', b)).code).toBe(0);
      expect(fs.readFileSync(a)).toEqual(fs.readFileSync(b));
      const lines = fs.readFileSync(a, 'utf8').trim().split('\n');
      const first = JSON.parse(lines[0]!);
      expect(Object.keys(first).sort()).toEqual(['at', 'direction', 'eventId', 'idNumber', 'venueId']);

      const imported = await oneqr('checkins', 'import', a, '--json');
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({
        lines: lines.length,
        stored: lines.length,
        rejected: 0,
      });
      const again = JSON.parse((await oneqr('checkins', 'import', a, '--json')).stdout);
      expect(again).toMatchObject({ stored: 0, duplicate: lines.length, rejected: 0 });

      const bad = path.join(dir, 'bad.jsonl');
      fs.writeFileSync(
        bad,
        [
          JSON.stringify({ ...first, eventId: 'ok-1' }),
          '{not json',
          JSON.stringify({ ...first, eventId: 'x-2', venueId: 'venue-404' }),
          JSON.stringify({ ...first, eventId: 'x-3', idNumber: '079099999999' }),
          JSON.stringify({ ...first, eventId: 'x-4', at: '2099-01-01T00:00:00Z' }),
        ].join('\n') + '\n',
      );
      const res = await oneqr('checkins', 'import', bad, '--json');
      expect(res.code).toBe(1);
      const s = JSON.parse(res.stdout);
      expect(s).toMatchObject({ lines: 5, stored: 1, rejected: 4 });
      expect(s.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
        [2, 'CHECKINS_EVENT_INVALID'],
        [3, 'CHECKINS_VENUE_UNKNOWN'],
        [4, 'CHECKINS_PERSON_UNKNOWN'],
        [5, 'CHECKINS_IN_FUTURE'],
      ]);

      const events = [...lines, JSON.stringify({ ...first, eventId: 'ok-1' })].map((l) => JSON.parse(l));
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.idNumber, (counts.get(e.idNumber) ?? 0) + 1);
      const f0 = [...counts].sort((x, y) => y[1] - x[1])[0]![0];
      const from = new Date(Date.parse(events[0].at) - 3_600_000).toISOString();
      const to = new Date().toISOString();
      const tr = await oneqr(
        'tracing',
        'exposures',
        '--person',
        f0,
        '--from',
        from,
        '--to',
        to,
        '--window',
        '30',
        '--json',
      );
      expect(tr.code, tr.stderr).toBe(0);
      const out = JSON.parse(tr.stdout);
      const oracle = oracleExposures(
        events.map((e) => ({
          eventId: e.eventId,
          personId: e.idNumber,
          venueId: e.venueId,
          direction: e.direction,
          at: Date.parse(e.at),
        })),
        f0,
        Date.parse(from),
        Date.parse(to),
        30,
      );
      expect(oracle.length).toBeGreaterThan(0);
      expect(out).toEqual({ exposures: oracle });
      expect((await oneqr('tracing', 'exposures', '--person', '12', '--json')).code).toBe(2);
    },
  );
});
