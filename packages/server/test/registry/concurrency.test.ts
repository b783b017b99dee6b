/** Two requests adding the same person at once (two API nodes): one wins, the other gets a 409 code. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { HAN_PERSON, NOW } from './fixtures.ts';
import { createPerson, findPerson } from '../../src/registry/service.ts';
import type { HttpError } from '../../src/errors.ts';

const HAN = HAN_PERSON;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of DIALECTS) {
  describe(`${dialect}: registry writes racing`, () => {
    let store: TestStore;
    beforeEach(async () => {
      store = await createTestStore(dialect);
    });
    afterEach(async () => store.destroy());

    it('of two concurrent creations of one ID number, the second is refused as REGISTRY_PERSON_EXISTS', async () => {
      let second: Promise<string> | undefined;
      let qid = '';
      await store.db.transaction().execute(async (trx) => {
        qid = (await createPerson(trx, HAN, NOW)).person.qid;
        second = createPerson(store.db, HAN, NOW).then(
          () => 'created',
          (err: HttpError) => err.code,
        );
        await pause(300);
      });
      expect(await second).toBe('REGISTRY_PERSON_EXISTS');
      expect((await findPerson(store.db, HAN.idNumber))?.qid).toBe(qid);
    });
  });
}
