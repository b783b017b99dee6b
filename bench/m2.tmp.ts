import { readFileSync } from 'node:fs';
import { read, dccKeySourceFromCertificates, decodeDccLayers, verifyDecodedDcc } from '@oneqr/qr';
import { validateDccSchema, withDccDisplayNames } from '@oneqr/qr/dcc-content';
const v = JSON.parse(readFileSync(`/work/shared/testdata/dcc/common/2DCode/raw/CO3.json`,'utf8'));
const cert = Uint8Array.from(Buffer.from(v.TESTCTX.CERTIFICATE,'base64'));
const keys = dccKeySourceFromCertificates([cert]);
const at = new Date(v.TESTCTX.VALIDATIONCLOCK);
const d = decodeDccLayers(v.PREFIX);
const fns: [string, () => unknown][] = [
  ['read', () => read(v.PREFIX, { dccKeys: keys, at })],
  ['decode', () => decodeDccLayers(v.PREFIX)],
  ['schema', () => validateDccSchema(d.layers!.hcert)],
  ['names', () => withDccDisplayNames(d.parsed.fields!)],
  ['verifyDecoded', () => verifyDecodedDcc(d.layers!, keys, at)],
];
for (let round = 0; round < 2; round++)
for (const [name, fn] of fns) {
  for (let i=0;i<300;i++) await fn();
  const n = 3000; const t = process.cpuUsage();
  for (let i=0;i<n;i++) await fn();
  const c = process.cpuUsage(t);
  console.log(name, ((c.user + c.system)/1000/n).toFixed(4),'ms cpu');
}
