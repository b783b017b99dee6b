import { inflateSync, deflateSync } from 'fflate';
import { inflateRaw } from '../packages/qr/src/lib/inflate.ts';
const bomb = deflateSync(new Uint8Array(5_000_000));
console.log('bomb bytes', bomb.length);
const small = deflateSync(new TextEncoder().encode('hello world '.repeat(60)));
const cap = 64 * 1024;
const oneShot = (d: Uint8Array) => { const out = inflateSync(d, { out: new Uint8Array(cap + 1) }); return out.length > cap ? 'too-large' : out.length; };
console.log(oneShot(bomb), oneShot(small), (inflateRaw(bomb) as any).reason, (inflateRaw(small) as any).bytes.length);
for (const [n, f] of [['oneshot-small', () => oneShot(small)], ['stream-small', () => inflateRaw(small)], ['oneshot-bomb', () => oneShot(bomb)], ['stream-bomb', () => inflateRaw(bomb)]] as const) {
  const N = n.includes('bomb') ? 50 : 5000; const t = process.cpuUsage(); for (let i = 0; i < N; i++) f(); const u = process.cpuUsage(t); console.log(n, ((u.user+u.system)/N).toFixed(1), 'µs');
}
