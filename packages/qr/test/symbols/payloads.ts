/** Seeded random payloads of the three kinds a OneQR symbol carries most (SPEC §2, §3). */
import fc from 'fast-check';

const digits = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

const isoDate = fc
  .date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A 1405 personal QR: `SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT`. */
export const personal: fc.Arbitrary<string> = fc
  .record({
    doc: fc.oneof(digits(12), digits(9)),
    name: fc
      .array(
        fc.constantFrom(
          'NGUYEN',
          'TRAN',
          'LE',
          'PHAM',
          'HOANG',
          'VAN',
          'THI',
          'KHA',
          'HAN',
          'DUC',
          'MINH',
          'DUNG',
        ),
        {
          minLength: 2,
          maxLength: 5,
        },
      )
      .map((w) => w.join(' ')),
    dob: isoDate,
    type: fc.constantFrom('0', '1'),
    qid: digits(18),
    gender: fc.constantFrom('', '0', '1', '2'),
    bhyt: fc.option(
      digits(13).map((d) => `HS4${d.slice(0, 12)}`),
      { nil: '' },
    ),
    phone: fc.option(
      digits(8).map((d) => `09${d}`),
      { nil: '' },
    ),
  })
  .map((r) => `${r.doc}|${r.name}|${r.dob}|${r.type}|${r.qid}|<${r.gender}<${r.bhyt}<${r.phone}`);

/** Venue-like: `OQV1:` then printable ASCII, 40–200 characters in all. */
export const venue: fc.Arbitrary<string> = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 35,
    maxLength: 195,
  })
  .map((s) => `OQV1:${s}`);

const vnWords = {
  family: [
    'Nguyễn',
    'Trần',
    'Lê',
    'Phạm',
    'Hoàng',
    'Huỳnh',
    'Vũ',
    'Võ',
    'Đặng',
    'Bùi',
    'Đỗ',
    'Hồ',
    'Ngô',
    'Dương',
  ],
  middle: ['Văn', 'Thị', 'Hữu', 'Đức', 'Ngọc', 'Minh', 'Quốc', 'Thị Ánh', 'Thành'],
  given: [
    'Ánh',
    'Tuyết',
    'Hùng',
    'Dũng',
    'Hương',
    'Phượng',
    'Nguyệt',
    'Ưng',
    'Ý',
    'Hạnh',
    'Đạt',
    'Thủy',
    'Yến',
    'Lộc',
  ],
  street: ['Lê Lợi', 'Nguyễn Huệ', 'Trần Hưng Đạo', 'Điện Biên Phủ', 'Hai Bà Trưng', 'Phố Huế', 'Bạch Đằng'],
  ward: ['Bến Nghé', 'Đa Kao', 'Hàng Bài', 'Tràng Tiền', 'Phước Mỹ', 'Vĩnh Ninh'],
  district: ['Quận 1', 'Quận Hoàn Kiếm', 'Quận Sơn Trà', 'Thành phố Huế', 'Quận Hải Châu'],
  city: ['TP Hồ Chí Minh', 'Hà Nội', 'Đà Nẵng', 'Thừa Thiên Huế'],
};

const ddmmyyyy = isoDate.map((d) => `${d.slice(8, 10)}${d.slice(5, 7)}${d.slice(0, 4)}`);

/**
 * A CCCD chip-card QR with diacritics. About one in five is in NFD (decomposed) form: bytes must
 * survive exactly, with no normalisation on the way.
 */
export const cccd: fc.Arbitrary<string> = fc
  .record({
    id: digits(12),
    cmnd: fc.option(digits(9), { nil: '' }),
    name: fc
      .tuple(
        fc.constantFrom(...vnWords.family),
        fc.constantFrom(...vnWords.middle),
        fc.constantFrom(...vnWords.given),
      )
      .map((w) => w.join(' ')),
    dob: ddmmyyyy,
    sex: fc.constantFrom('Nam', 'Nữ'),
    address: fc
      .tuple(
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom(...vnWords.street),
        fc.constantFrom(...vnWords.ward),
        fc.constantFrom(...vnWords.district),
        fc.constantFrom(...vnWords.city),
      )
      .map(([n, s, w, d, c]) => `${n} Đường ${s}, Phường ${w}, ${d}, ${c}`),
    issued: ddmmyyyy,
    nfd: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  .map((r) => {
    const s = `${r.id}|${r.cmnd}|${r.name}|${r.dob}|${r.sex}|${r.address}|${r.issued}`;
    return r.nfd ? s.normalize('NFD') : s;
  });

/** `count` payloads, a fixed mix of the three kinds, reproducible from `seed`. */
export function samplePayloads(count: number, seed = 1405): string[] {
  return fc.sample(fc.oneof(personal, venue, cccd), { numRuns: count, seed });
}
