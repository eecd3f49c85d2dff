/**
 * The 'hostile' section of `npm run bench` (issue 19): peak memory and time of the largest
 * legitimate inputs the readers accept, next to the hostile ones they refuse, each measured in a
 * child process of its own (`hostileProbe.ts`). The child reads its own peak resident set from
 * `VmHWM` in /proc/self/status, not from `process.resourceUsage().maxRSS`: Linux carries
 * ru_maxrss across execve, so a child of this (large) process would report at least this
 * process's own peak. Off Linux, where there is no /proc, it falls back to maxRSS. Inputs:
 *
 * - a 100-megapixel DICOM, native 16-bit and deflated; 57- and 100-megapixel JPEGs (flat grey,
 *   written directly by src/imaging/testing/flatJpeg.ts);
 * - the 94 MB TorchXRayVision ResNet-50 checkpoint (rebuilt from its committed recipe, synthetic
 *   weights, in about 2 s), read as every load reads it: the checkpoint, the network detected,
 *   every float tensor checked for NaN and infinity (the forward pass is not the reader's);
 * - `chextransfer stats` on a 200,000-row CSV (and 20,000 rows, the audit's case), plain and
 *   grouped (8 groups);
 * - the bombs: a PNG whose IDAT inflates to 1.2 GB, a deflated DICOM of 1.5 × 10⁹ zeros.
 *
 * Every file is built here from a recipe into a temporary folder and deleted after. The numbers
 * move with the machine's load, which is printed with them.
 *
 *   npm run bench -- --only hostile
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { ihdr, pngChunk, pngFile, zeroBomb } from '../../src/imaging/testing/bombs.ts';
import {
  dicomFile,
  explicitLittleEndian,
  imagePixelElements,
  u32le,
} from '../../src/imaging/testing/dicomWriter.ts';
import { flatGreyJpeg } from '../../src/imaging/testing/flatJpeg.ts';
import { readTorchFixture, rebuildBigFixture } from '../../src/test/torchFixtures.ts';

/** One row of the section's table. */
export interface HostileRow {
  readonly input: string;
  readonly fileBytes: number;
  readonly seconds: number;
  /** CPU seconds (user + system): less sensitive than wall time to a loaded machine. */
  readonly cpu: number;
  /** Peak resident set of the whole process, bytes. */
  readonly peak: number;
  /** Peak minus the peak of the same probe on a trivial input (a 1 × 1 PNG, a 4-row CSV). */
  readonly overBase: number;
  readonly outcome: string;
}

const MB = 2 ** 20;

/** A native or deflated 16-bit DICOM of width × height with a gradient (it compresses a little). */
function dicom(width: number, height: number, deflated: boolean): Uint8Array {
  const header = explicitLittleEndian(
    imagePixelElements({ rows: height, columns: width, bitsAllocated: 16, bitsStored: 12 }),
  );
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i % width) % 4096;
  const pixelHeader = Uint8Array.of(
    0xe0,
    0x7f,
    0x10,
    0x00,
    0x4f,
    0x57,
    0,
    0,
    ...u32le(pixels.byteLength),
  );
  const body = new Uint8Array(header.length + pixelHeader.length + pixels.byteLength);
  body.set(header);
  body.set(pixelHeader, header.length);
  body.set(new Uint8Array(pixels.buffer), header.length + pixelHeader.length);
  return deflated
    ? dicomFile('1.2.840.10008.1.2.1.99', deflateRawSync(body, { level: 1 }))
    : dicomFile('1.2.840.10008.1.2.1', body);
}

/** Runs the probe (hostileProbe.ts) in a fresh process and reads its one JSON line. */
function run(args: readonly string[]): {
  seconds: number;
  cpu: number;
  peak: number;
  outcome: string;
} {
  const probe = path.resolve('scripts/bench/hostileProbe.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', probe, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || line === '') throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(line) as { seconds: number; cpu: number; peak: number; outcome: string };
}

/** Peak of each probe mode on a trivial input: what loading the code costs, measured the same way. */
const baselines = new Map<string, number>();

function measure(
  input: string,
  fileBytes: number,
  args: readonly string[],
  trivial: readonly string[],
): HostileRow {
  const mode = args[0] ?? '';
  if (!baselines.has(mode)) baselines.set(mode, run(trivial).peak);
  const m = run(args);
  const over = m.peak - (baselines.get(mode) ?? 0);
  return {
    input,
    fileBytes,
    seconds: m.seconds,
    cpu: m.cpu,
    peak: m.peak,
    overBase: over,
    outcome: m.outcome,
  };
}

function probe(dir: string, input: string, bytes: Uint8Array): HostileRow {
  const file = path.join(dir, 'input.bin');
  writeFileSync(file, bytes);
  const tiny = path.join(dir, 'tiny.png');
  writeFileSync(tiny, pngFile([ihdr(1, 1), pngChunk('IDAT', deflateSync(new Uint8Array(2)))]));
  try {
    return measure(input, bytes.length, ['decode', file], ['decode', tiny]);
  } finally {
    rmSync(file);
  }
}

/** The largest checkpoint the fixtures hold, against the smallest (code loaded, nothing read). */
function checkpoint(dir: string): HostileRow {
  const file = path.join(dir, 'resnet50.pt');
  const { bytes } = rebuildBigFixture('xrv_resnet50_state_zip');
  writeFileSync(file, bytes);
  const tiny = path.join(dir, 'small.pt');
  writeFileSync(tiny, readTorchFixture('small_zip.pt'));
  try {
    const name = 'TorchXRayVision ResNet-50 .pt (state dict)';
    return measure(name, bytes.length, ['weights', file], ['weights', tiny]);
  } finally {
    rmSync(file);
  }
}

function csv(rows: number): string {
  const lines = ['study,top1,auc'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `s${i % 8},${(60 + ((i * 7919) % 2000) / 100).toFixed(2)},${(0.7 + ((i * 104729) % 2500) / 10000).toFixed(4)}`,
    );
  return `${lines.join('\n')}\n`;
}

function stats(dir: string, rows: number, grouped: boolean): HostileRow {
  const file = path.join(dir, `rows${rows}.csv`);
  const text = csv(rows);
  writeFileSync(file, text);
  const group = grouped ? ['--group', 'study'] : [];
  const name = `stats, ${rows.toLocaleString('en-US')} rows${grouped ? ', 8 groups' : ''}`;
  const tiny = path.join(dir, 'tiny.csv');
  writeFileSync(tiny, csv(4));
  const args = (f: string): string[] => [
    'cli',
    'stats',
    '--csv',
    f,
    '--x',
    'top1',
    '--y',
    'auc',
    ...group,
  ];
  try {
    return measure(name, text.length, args(file), args(tiny));
  } finally {
    rmSync(file);
  }
}

function print(rows: readonly HostileRow[]): void {
  console.log(
    `\nhostile: largest legitimate inputs and the bombs (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(
    'input                                          file MB   seconds  cpu s   peak MB   over base MB   outcome',
  );
  for (const r of rows)
    console.log(
      [
        r.input.padEnd(46),
        (r.fileBytes / MB).toFixed(1).padStart(7),
        r.seconds.toFixed(2).padStart(9),
        r.cpu.toFixed(2).padStart(6),
        (r.peak / MB).toFixed(0).padStart(9),
        (r.overBase / MB).toFixed(0).padStart(14),
        `  ${r.outcome}`,
      ].join(' '),
    );
}

/** @returns one row per input, printed as a table */
export async function benchHostile(): Promise<HostileRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-bench-hostile-'));
  const rows: HostileRow[] = [];
  try {
    rows.push(probe(dir, 'DICOM 10,000 × 10,000, 16-bit, native', dicom(10_000, 10_000, false)));
    rows.push(probe(dir, 'DICOM 10,000 × 10,000, 16-bit, deflated', dicom(10_000, 10_000, true)));
    rows.push(probe(dir, 'JPEG 7,550 × 7,550 (57 MP) grey', flatGreyJpeg(7_550, 7_550)));
    rows.push(probe(dir, 'JPEG 10,000 × 10,000 (100 MP) grey', flatGreyJpeg(10_000, 10_000)));
    const idat = pngFile([
      ihdr(16, 16),
      pngChunk('IDAT', zeroBomb({ zeros: 1.2e9, format: 'zlib' })),
    ]);
    rows.push(probe(dir, 'bomb: PNG 16 × 16, IDAT inflating to 1.2 GB', idat));
    const header = explicitLittleEndian(
      imagePixelElements({ rows: 100, columns: 100, bitsAllocated: 16, bitsStored: 12 }),
    );
    const prefix = new Uint8Array([
      ...header,
      0xe0,
      0x7f,
      0x10,
      0x00,
      0x4f,
      0x57,
      0,
      0,
      ...u32le(1_500_000_000),
    ]);
    const deflateBomb = dicomFile(
      '1.2.840.10008.1.2.1.99',
      zeroBomb({ prefix, zeros: 1.5e9, format: 'raw' }),
    );
    rows.push(probe(dir, 'bomb: deflated DICOM of 1.5 × 10⁹ zeros', deflateBomb));
    rows.push(checkpoint(dir));
    for (const n of [20_000, 200_000])
      for (const grouped of [false, true]) rows.push(stats(dir, n, grouped));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows);
  return rows;
}
