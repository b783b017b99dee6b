import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { HAN_PERSON, NOW } from './fixtures.ts';
import {
  addDependent,
  createPerson,
  deletePerson,
  ensureQid,
  findPerson,
  findPersonByQid,
  listDependents,
} from '../../src/registry/service.ts';
import { reserveQids } from '../../src/registry/repository.ts';
import { randomQids } from '../../src/registry/qid.ts';

const HAN = { ...HAN_PERSON, phone: '0944713700', provinceCode: '01' };

describe('registry qid', () => {
  it('draws 18-digit strings with a non-zero first digit, spread over all digits', () => {
    const qids = randomQids(2000);
    expect(new Set(qids).size).toBe(2000);
    for (const q of qids) expect(q).toMatch(/^[1-9]\d{17}$/);
    const firsts = new Set(qids.map((q) => q[0]));
    expect(firsts.size).toBe(9);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry service`, () => {
    let store: TestStore;
    beforeEach(async () => {
      store = await createTestStore(dialect);
    });
    afterEach(async () => store.destroy());

    it('creates a person with a QID and finds them by ID number and by QID', async () => {
      const { person, warnings } = await createPerson(store.db, HAN, NOW);
      expect(warnings).toEqual([]);
      expect(person).toMatchObject({ ...HAN, documentType: 'citizen-id', address: null, declarerQid: null });
      expect(await findPerson(store.db, HAN.idNumber)).toEqual(person);
      expect(await findPersonByQid(store.db, person.qid)).toEqual(person);
      expect(await ensureQid(store.db, HAN.idNumber)).toBe(person.qid);
      expect(await findPerson(store.db, '079301012345')).toBeUndefined();
      await expect(ensureQid(store.db, '079301012345')).rejects.toMatchObject({
        code: 'REGISTRY_PERSON_NOT_FOUND',
      });
    });

    it('refuses an invalid or duplicate person with the code and field', async () => {
      await expect(createPerson(store.db, { ...HAN, idNumber: '099093029317' }, NOW)).rejects.toMatchObject({
        code: 'REGISTRY_ID_INVALID',
        details: { field: 'idNumber', reason: 'CITIZEN_ID_PROVINCE_UNKNOWN' },
      });
      await expect(createPerson(store.db, { ...HAN, birthDate: '1993-02-30' }, NOW)).rejects.toMatchObject({
        code: 'REGISTRY_PERSON_INVALID',
        details: { field: 'birthDate', reason: 'REGISTRY_BIRTH_DATE_INVALID' },
      });
      await createPerson(store.db, HAN, NOW);
      await expect(createPerson(store.db, HAN, NOW)).rejects.toMatchObject({
        code: 'REGISTRY_PERSON_EXISTS',
      });
    });

    it('accepts an ID that disagrees with the birth year, with a warning', async () => {
      const { warnings } = await createPerson(store.db, { ...HAN, birthDate: '1987-01-18' }, NOW);
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'CITIZEN_ID_BIRTH_YEAR_MISMATCH', field: 'birthDate' }),
      ]);
    });

    it('gives every person a distinct QID, and never reissues a QID, even after deletion', async () => {
      const a = (await createPerson(store.db, HAN, NOW)).person;
      const b = (
        await createPerson(
          store.db,
          { ...HAN, idNumber: '079301012345', birthDate: '2001-05-06', gender: 'female' },
          NOW,
        )
      ).person;
      expect(a.qid).not.toBe(b.qid);
      expect(await deletePerson(store.db, a.idNumber)).toBe(true);
      // The register forgets the person, the issued-QID table does not.
      const issued = await store.db
        .selectFrom('registry_qids')
        .select('qid')
        .where('qid', '=', a.qid)
        .execute();
      expect(issued).toHaveLength(1);
      // A draw that comes up with the deleted person's QID (and b's) is retried until unused.
      const draws = [[a.qid, b.qid], ['111111111111111111', a.qid], ['222222222222222222']];
      const got = await reserveQids(store.db, 2, NOW.getTime(), () => draws.shift() ?? []);
      expect(got).toEqual(['111111111111111111', '222222222222222222']);
      const again = (await createPerson(store.db, HAN, NOW)).person;
      expect([a.qid, b.qid, ...got]).not.toContain(again.qid);
    });

    it('adds a dependant linked to the declarer QID (LoaiDinhDanh 1)', async () => {
      const parent = (await createPerson(store.db, HAN, NOW)).person;
      const child = await addDependent(
        store.db,
        {
          declarerQid: parent.qid,
          person: {
            idNumber: '001220000123',
            documentType: 'citizen-id',
            fullName: 'Nguyễn Minh An',
            birthDate: '2020-06-01',
            gender: 'male',
            phone: null,
            provinceCode: '01',
            address: null,
          },
        },
        NOW,
      );
      expect(child).toMatchObject({ idNumber: '001220000123', declarerQid: parent.qid });
      expect(child.qid).not.toBe(parent.qid);
      expect(await listDependents(store.db, parent.qid)).toEqual([child]);
      await expect(
        addDependent(
          store.db,
          { declarerQid: '999999999999999999', person: { ...child, idNumber: '001220000124' } },
          NOW,
        ),
      ).rejects.toMatchObject({ code: 'REGISTRY_DECLARER_NOT_FOUND' });
      expect(await findPerson(store.db, '001220000124')).toBeUndefined();
    });
  });
}
