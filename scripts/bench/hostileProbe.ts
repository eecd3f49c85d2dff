/**
 * One measurement of the 'hostile' bench section, in a process of its own so that its peak
 * resident set is its own. Prints one JSON line: wall and CPU seconds, the resident set once the
 * code is loaded, the peak, and what came of it.
 *
 *   node --import tsx scripts/bench/hostileProbe.ts decode FILE     # decodeImage, as app and CLI
 *   node --import tsx scripts/bench/hostileProbe.ts weights FILE    # read a .pt, as app and CLI
 *   node --import tsx scripts/bench/hostileProbe.ts cli ARGS...     # chextransfer ARGS
 */
import { readFileSync } from 'node:fs';
import { isRefusal } from '../../src/refusal/refusal.ts';

const [mode = '', ...rest] = process.argv.slice(2);

async function decode(file: string): Promise<string> {
  const { decodeImage } = await import('../../src/imaging/decode.ts');
  try {
    const image = await decodeImage(new Uint8Array(readFileSync(file)));
    return `${image.width} × ${image.height}, ${image.channels} channel(s), ${image.bitsStored} bits`;
  } catch (error) {
    return isRefusal(error) ? `refused [${error.code}]` : `error: ${String(error)}`;
  }
}

/** The checkpoint reader and what every load does next: detect the network, check the values. */
async function weights(file: string): Promise<string> {
  const { readTorchCheckpoint } = await import('../../src/zoo/weights/torchCheckpoint.ts');
  const { readFloat32 } = await import('../../src/zoo/weights/safetensors.ts');
  const { detectModel } = await import('../../src/zoo/weights/detect.ts');
  const { firstBadValues } = await import('../../src/zoo/weights/finiteWeights.ts');
  try {
    const { file: st } = readTorchCheckpoint(new Uint8Array(readFileSync(file)));
    const floats = [...st.tensors]
      .filter(([, e]) => e.dtype === 'F32')
      .map(([key, e]) => ({ key, data: readFloat32(st, e) }));
    const bad = firstBadValues(floats);
    const arch = detectModel(st.tensors)?.arch ?? 'no network detected';
    return `${st.tensors.size} tensors, ${arch}${bad ? `, bad values in ${bad.key}` : ''}`;
  } catch (error) {
    return isRefusal(error) ? `refused [${error.code}]` : `error: ${String(error)}`;
  }
}

async function cli(args: readonly string[]): Promise<string> {
  const { main } = await import('../../src/cli/main.ts');
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  if (code !== 0) return `exit ${code}: ${err.trim()}`;
  const all = (JSON.parse(out) as { all?: { bootstrap: { drawn: number; requested: number } } })
    .all;
  return all
    ? `done; bootstraps drew ${all.bootstrap.drawn} of ${all.bootstrap.requested} resamples`
    : 'done';
}

// Load the code first (only what the mode runs), so that what follows is the input's own cost.
if (mode === 'decode') {
  await import('../../src/imaging/decode.ts');
  await import('../../src/imaging/codecs/jpegBaseline.ts');
  await import('../../src/imaging/codecs/jpegFrame.ts');
} else if (mode === 'weights') {
  await import('../../src/zoo/weights/torchCheckpoint.ts');
  await import('../../src/zoo/weights/detect.ts');
  await import('../../src/zoo/weights/finiteWeights.ts');
} else {
  await import('../../src/cli/main.ts');
  await import('../../src/cli/stats.ts');
}
const base = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const started = performance.now();
const outcome =
  mode === 'decode'
    ? await decode(rest[0] ?? '')
    : mode === 'weights'
      ? await weights(rest[0] ?? '')
      : await cli(rest);
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu0);
const cpu = (used.user + used.system) / 1e6;
// VmHWM, not ru_maxrss: Linux carries ru_maxrss across execve, so a child of the (large) bench
// process would report at least the bench's own resident set.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const peak = hwm ? Number(hwm[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ seconds, cpu, base, peak, outcome }));
