import { describe, expect, it } from 'vitest';
import { createPublicKey, verify as nodeVerify, type JsonWebKey as NodeJwk } from 'node:crypto';
import { OneQRError } from '../errors.ts';
import { generateKeyPair } from '../crypto/es256.ts';
import { signPersonal } from './sign.ts';
import { createSigner } from './signer.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const IAT = 1_750_000_000;

describe('signPersonal', () => {
  it('appends EXT[4] = S1.kid.iat.sig, signed over everything before the final dot (checked by node:crypto)', async () => {
    const { privateJwk, publicJwk } = await generateKeyPair();
    const kid = (publicJwk as { kid: string }).kid;
    const signed = await signPersonal(SAMPLE, { privateJwk }, IAT);
    const head = `${SAMPLE}<S1.${kid}.${IAT.toString(36)}`;
    expect(signed.startsWith(`${head}.`)).toBe(true);
    const sig = signed.slice(head.length + 1);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const key = createPublicKey({ key: publicJwk as NodeJwk, format: 'jwk' });
    const ok = nodeVerify(
      'sha256',
      Buffer.from(head, 'utf8'),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(sig, 'base64url'),
    );
    expect(ok).toBe(true);
  });

  it('pads EXT to four positions', async () => {
    const { privateJwk } = await generateKeyPair();
    const base = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100';
    expect(await signPersonal(`${base}|<1`, { privateJwk }, IAT)).toMatch(/\|<1<<<S1\./);
    expect(await signPersonal(`${base}|`, { privateJwk }, IAT)).toMatch(/\|<<<<S1\./);
    expect(await signPersonal(`${base}|<1<<<`, { privateJwk }, IAT)).toMatch(/\|<1<<<S1\./);
  });

  it('uses a ready signer and an explicit kid', async () => {
    const { privateJwk, publicJwk } = await generateKeyPair();
    const signer = await createSigner(privateJwk);
    expect(signer.kid).toBe((publicJwk as { kid: string }).kid);
    expect(await signPersonal(SAMPLE, signer, IAT)).toContain(`<S1.${signer.kid}.`);
    expect(await signPersonal(SAMPLE, { privateJwk, kid: 'AAAAAAAA' }, IAT)).toContain('<S1.AAAAAAAA.');
  });

  it.each([
    ['5 fields', '001093029317|NGUYEN|1987-01-18|0|1', 'SIGNATURE_FORMAT'],
    ['7 fields', `${SAMPLE}|x`, 'SIGNATURE_FORMAT'],
    ['EXT[4] present', `${SAMPLE}<S1.x`, 'SIGNATURE_FORMAT'],
    ['EXT[5] present', `${SAMPLE}<<x`, 'SIGNATURE_NOT_LAST'],
  ])('refuses %s', async (_why, text, code) => {
    const { privateJwk } = await generateKeyPair();
    await expect(signPersonal(text, { privateJwk }, IAT)).rejects.toMatchObject({ code });
    await expect(signPersonal(text, { privateJwk }, IAT)).rejects.toBeInstanceOf(OneQRError);
  });

  it('refuses an iat outside the sane range or not an integer, and a bad kid', async () => {
    const { privateJwk } = await generateKeyPair();
    for (const iat of [0, 1_000_000_000, 5_000_000_000, 1_750_000_000.5, Number.NaN]) {
      await expect(signPersonal(SAMPLE, { privateJwk }, iat)).rejects.toMatchObject({
        code: 'SIGNATURE_IAT_RANGE',
      });
    }
    await expect(signPersonal(SAMPLE, { privateJwk, kid: 'short' }, IAT)).rejects.toMatchObject({
      code: 'SIGNATURE_KID_FORMAT',
    });
  });
});
