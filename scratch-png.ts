import { encode } from 'fast-png';
import { Unzlib, unzlibSync } from 'fflate';
const w = 3000, h = 3000;
const data = new Uint16Array(w * h).map((_, i) => (i * 37) % 4096);
const png = encode({ width: w, height: h, data, channels: 1, depth: 16 });
// extract IDAT
const view = new DataView(png.buffer, png.byteOffset); const parts: Uint8Array[] = [];
for (let at = 8; at + 8 <= png.length;) { const len = view.getUint32(at); const type = String.fromCharCode(...png.subarray(at+4, at+8)); if (type === 'IDAT') parts.push(png.subarray(at+8, at+8+len)); at += 12 + len; }
const z = new Uint8Array(parts.reduce((n,p)=>n+p.length,0)); let o=0; for (const p of parts) { z.set(p,o); o+=p.length; }
for (const slice of [4096, 16384, 65536, 1<<20]) {
  const t = performance.now(); let total = 0;
  const s = new Unzlib((c) => { total += c.length; });
  for (let at = 0; at < z.length; at += slice) s.push(z.subarray(at, at + slice), false);
  s.push(new Uint8Array(0), true);
  console.log(slice, total, (performance.now()-t).toFixed(0), 'ms');
}
let t = performance.now(); const out = unzlibSync(z); console.log('sync', out.length, (performance.now()-t).toFixed(0));
t = performance.now(); const out2 = unzlibSync(z, { out: new Uint8Array(out.length) }); console.log('sync with out', out2.length, (performance.now()-t).toFixed(0));
