import { readFileSync } from 'node:fs';
import { unprefixDcc, base45Decode, decompressDcc, parseCoseSign1, parseCwtClaims, cborToJson, decodeDccLayers, verifyDcc, dccKeySourceFromCertificates } from '@oneqr/qr';
const v = JSON.parse(readFileSync(`/work/shared/testdata/dcc/common/2DCode/raw/CO3.json`,'utf8'));
const b45 = (unprefixDcc(v.PREFIX) as any).value; const comp = (base45Decode(b45) as any).value; const cose = (decompressDcc(comp) as any).value; const c = (parseCoseSign1(cose) as any).value; const cl = (parseCwtClaims(c.payload) as any).value;
const cert = Uint8Array.from(Buffer.from(v.TESTCTX.CERTIFICATE,'base64'));
const keys = dccKeySourceFromCertificates([cert]); const at = new Date(v.TESTCTX.VALIDATIONCLOCK);
const fns: [string, () => unknown][] = [
  ['unprefix', () => unprefixDcc(v.PREFIX)], ['b45', () => base45Decode(b45)], ['inflate', () => decompressDcc(comp)],
  ['cose', () => parseCoseSign1(cose)], ['cwt', () => parseCwtClaims(c.payload)], ['json', () => cborToJson(cl.hcert)],
  ['decodeAll', () => decodeDccLayers(v.PREFIX)], ['verifyDcc', () => verifyDcc(v.PREFIX, keys, at)],
];
for (const [name, fn] of fns) {
  for (let i=0;i<500;i++) await fn();
  const n = 5000; const t = process.cpuUsage();
  for (let i=0;i<n;i++) await fn();
  const u = process.cpuUsage(t);
  console.log(name, ((u.user + u.system)/n).toFixed(1),'µs cpu');
}
