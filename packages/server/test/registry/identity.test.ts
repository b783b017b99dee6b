/** confirmIdentity: the one registry check behind scan and issuance, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { HAN_PERSON, NOW } from './fixtures.ts';
import { confirmIdentity, createPerson, type Person } from '../../src/registry/service.ts';

const HAN = HAN_PERSON;
const NO_GENDER = { idNumber: '079195054321', fullName: 'Trần Thị Bích Ngọc', birthDate: '1995-11-20' };

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry confirmIdentity`, () => {
    let store: TestStore;
    let han: Person;
    beforeAll(async () => {
      store = await createTestStore(dialect);
      han = (await createPerson(store.db, HAN, NOW)).person;
      await createPerson(store.db, NO_GENDER, NOW);
    });
    afterAll(async () => store?.destroy());

    const claim = (over: Record<string, string | undefined> = {}) => ({
      idNumber: HAN.idNumber,
      qid: han.qid,
      fullName: HAN.fullName,
      birthDate: HAN.birthDate,
      gender: 'male' as const,
      ...over,
    });

    it('confirms the name without diacritics, in other case, spacing or decomposed', async () => {
      for (const fullName of [
        'NGUYEN LE KHA HAN',
        '  nguyễn  lê khả\u00a0hân ',
        'Nguye\u0302\u0303n Le\u0302 Kha\u0309 Ha\u0302n',
      ]) {
        const id = await confirmIdentity(store.db, claim({ fullName }));
        expect(id, fullName).toEqual({ confirmed: true, person: han });
      }
      // A bare ID number claims only itself.
      expect(await confirmIdentity(store.db, { idNumber: HAN.idNumber })).toEqual({
        confirmed: true,
        person: han,
      });
    });

    it('names the first failing field: qid, name, birth date, gender; or not-found', async () => {
      const reasons = async (...claims: Parameters<typeof claim>[0][]) =>
        Promise.all(
          claims.map(async (c) => {
            const id = await confirmIdentity(store.db, claim(c));
            return id.confirmed ? 'confirmed' : id.reason;
          }),
        );
      expect(
        await reasons(
          { qid: '100000000000000001' },
          { fullName: 'NGUYEN LE KHA HA' },
          { birthDate: '1993-01-19' },
          { gender: 'female' },
          { idNumber: '001093029318' },
          { qid: '100000000000000001', fullName: 'X', birthDate: '1990-01-01' },
        ),
      ).toEqual(['qid', 'fullName', 'birthDate', 'gender', 'not-found', 'qid']);
      const miss = await confirmIdentity(store.db, claim({ birthDate: '1993-01-19' }));
      expect(miss).toMatchObject({ confirmed: false, message: expect.stringContaining('date of birth') });
      expect(JSON.stringify(miss)).not.toContain(HAN.birthDate);
    });

    it('checks gender only when both sides know it', async () => {
      expect((await confirmIdentity(store.db, claim({ gender: 'unknown' }))).confirmed).toBe(true);
      expect((await confirmIdentity(store.db, claim({ gender: undefined }))).confirmed).toBe(true);
      const unknown = { ...NO_GENDER, gender: 'male' as const };
      expect((await confirmIdentity(store.db, unknown)).confirmed).toBe(true);
    });
  });
}
