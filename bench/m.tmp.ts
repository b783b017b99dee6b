import { readFileSync } from 'node:fs';
import { read, dccKeySourceFromCertificates, decodeDccLayers } from '@oneqr/qr';
for (const f of ['CO3','CO1']) {
const v = JSON.parse(readFileSync(`/work/shared/testdata/dcc/common/2DCode/raw/${f}.json`,'utf8'));
const cert = Uint8Array.from(Buffer.from(v.TESTCTX.CERTIFICATE,'base64'));
const keys = dccKeySourceFromCertificates([cert]);
const at = new Date(v.TESTCTX.VALIDATIONCLOCK);
let r = await read(v.PREFIX, { dccKeys: keys, at });
console.log(f, r.signature, r.errors);
for (const [name, fn] of [['read', () => read(v.PREFIX, { dccKeys: keys, at })], ['read-fresh-keys', () => read(v.PREFIX, { dccKeys: dccKeySourceFromCertificates([cert]), at })], ['decode', async () => decodeDccLayers(v.PREFIX)]] as const) {
  for (let i=0;i<200;i++) await fn();
  const n = 2000; const t = performance.now();
  for (let i=0;i<n;i++) await fn();
  console.log(f, name, ((performance.now()-t)/n).toFixed(3),'ms');
}}
