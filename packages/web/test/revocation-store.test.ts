/**
 * The scanner's revocation replica in IndexedDB (fake-indexeddb: a complete IndexedDB in
 * memory, since Node has none): kept whole across a reload of the module, replaced whole.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { RevocationReplica } from '@oneqr/qr';

describe('revocation replica store', () => {
  it('starts empty, keeps what was saved for the next page, and replaces it whole', async () => {
    const first = await import('../src/lib/revocation-store.ts');
    expect(await first.loadReplica()).toBeNull();
    const replica = RevocationReplica.fromJSON({
      partitions: 2,
      heads: [
        { partition: 0, sequence: 3, hash: 'a'.repeat(43) },
        { partition: 1, sequence: 0, hash: '' },
      ],
      cutoffs: [['162979388586171100', 1_748_736_000]],
    })!;
    expect(await first.saveReplica(replica)).toBe(true);
    // A reload: the module starts afresh and reads the record back.
    vi.resetModules();
    const again = await import('../src/lib/revocation-store.ts');
    const loaded = await again.loadReplica();
    expect(loaded?.toJSON()).toEqual(replica.toJSON());
    expect(loaded?.revokedBefore('162979388586171100')).toBe(1_748_736_000);
    expect(await again.saveReplica(new RevocationReplica(2))).toBe(true);
    expect((await again.loadReplica())?.size).toBe(0);
  });
});
