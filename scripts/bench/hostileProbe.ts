/**
 * One measurement of the 'hostile' bench section, in a process of its own so that its peak
 * resident set is its own: decodes an image file (the app's and the CLI's `decodeImage`) and
 * prints one JSON line: seconds, the resident set after loading the code, the peak, and what
 * came of it (the image's size, or the refusal's code).
 *
 *   node --import tsx scripts/bench/hostileProbe.ts FILE
 */
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/imaging/decode.ts';
import { isRefusal } from '../../src/refusal/refusal.ts';

const file = process.argv[2] ?? '';
await import('../../src/imaging/codecs/jpegBaseline.ts'); // the lazily loaded codecs, loaded now
await import('../../src/imaging/codecs/jpegFrame.ts');
const base = process.memoryUsage().rss;
const started = performance.now();
let outcome: string;
try {
  const image = await decodeImage(new Uint8Array(readFileSync(file)));
  outcome = `${image.width} × ${image.height}, ${image.channels} channel(s), ${image.bitsStored} bits`;
} catch (error) {
  outcome = isRefusal(error) ? `refused [${error.code}]` : `error: ${String(error)}`;
}
const seconds = (performance.now() - started) / 1000;
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ seconds, base, peak, outcome }));
