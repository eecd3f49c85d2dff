/**
 * Every class of bad input, end to end through the real command line (a spawned
 * `node bin/chextransfer.mjs`): the documented exit code, exactly one line on stderr that starts
 * with the plain sentence and carries the code, no stack trace (unless --debug) and no
 * TensorFlow.js banner. The sentences are the app's (the same coded errors). The same for a
 * PyTorch checkpoint (`--weights FILE.pt`): refused checkpoints, bad images, out of distribution.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { XRAYS_DIR } from '../test/testData.ts';
import { readTorchFixture, rebuildBigFixture } from '../test/torchFixtures.ts';
import { TORCH_SENTENCES } from '../zoo/weights/checkpointMessages.ts';
import { writeSafetensors } from '../zoo/weights/safetensors.ts';
import { syntheticStateDict } from '../zoo/weights/synthetic.ts';
import type { TorchPredictResult } from './predictTorchReport.ts';

const ARCH = 'mobilenetv3_large_100';
const dir = mkdtempSync(path.join(tmpdir(), 'cli-refusals-'));
const put = (name: string, bytes: Uint8Array | string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const xray = (name: string): string => path.join(XRAYS_DIR, name);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(xray(name)));

const weights = writeSafetensors(syntheticStateDict(ARCH, 'timm'));
const W = put('mnv3.safetensors', weights);
const CHEST = xray('nih_00000001_000.png');
const DX = 'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm';

function pngClaiming(width: number, height: number): Uint8Array {
  const png = encodePng({ width: 4, height: 4, data: new Uint8Array(16), channels: 1, depth: 8 });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

/** The NIH DICOM up to (not including) its Pixel Data element: a header-only file. */
function headerOnlyDicom(): Uint8Array {
  const bytes = bytesOf(DX);
  const tag = bytes.findIndex(
    (b, i) => b === 0xe0 && bytes[i + 1] === 0x7f && bytes[i + 2] === 0x10 && bytes[i + 3] === 0,
  );
  return bytes.slice(0, tag);
}

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['bin/chextransfer.mjs', ...args], {
    encoding: 'utf8',
    timeout: 100_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const predict = (input: string, ...more: string[]) =>
  cli(['predict', '--arch', ARCH, '--weights', W, '--classes', '5', input, ...more]);

/** One line, no stack, no banner; returns it. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/TensorFlow\.js in Node/);
  return lines[0] ?? '';
}

const half = (b: Uint8Array) => b.slice(0, b.length >> 1);

describe('chextransfer predict: bad input exits 2 with one plain line', () => {
  it.each([
    ['an empty file', () => put('empty.png', ''), 'This file is empty', 'not-an-image'],
    [
      'a text file',
      () => put('notes.dcm', 'just some text, not an image at all\n'.repeat(20)),
      'This file is not an image this app can read',
      'not-an-image',
    ],
    [
      'a PDF',
      () => put('report.png', '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'),
      'This is a PDF document, not an image this app reads',
      'unsupported-format',
    ],
    [
      'a truncated PNG',
      () => put('half.png', half(bytesOf('nih_00000002_000.png'))),
      'This PNG file ends early',
      'truncated',
    ],
    [
      'a truncated JPEG',
      () => put('half.jpg', half(bytesOf('photo_rocket_publicdomain.jpg'))),
      'This JPEG file ends early',
      'truncated',
    ],
    [
      'a header-only DICOM',
      () => put('header.dcm', headerOnlyDicom()),
      'This DICOM file ends before its pixel data',
      'truncated',
    ],
    [
      'a DICOM cut inside its header',
      () => put('cut.dcm', bytesOf(DX).slice(0, 300)),
      'This DICOM file ends before its header is complete',
      'truncated',
    ],
    [
      'a half-truncated DICOM',
      () => put('halfcut.dcm', half(bytesOf(DX))),
      'This DICOM file ends early',
      'truncated',
    ],
    [
      'a PNG whose header says 60,000 × 60,000',
      () => put('bomb.png', pngClaiming(60_000, 60_000)),
      "60,000 × 60,000 pixels (3.6 gigapixels) is over this app's 100-megapixel limit",
      'too-large',
    ],
    [
      'a DICOM with no pixel data (an SR document)',
      () => xray('pydicom_reportsi_sr_nopixels.dcm'),
      'This DICOM file holds no image (Modality SR)',
      'no-pixel-data',
    ],
  ])('%s', (_what, make, sentence, code) => {
    const { status, stdout, stderr } = predict(make());
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const line = oneLine(stderr);
    expect(line.startsWith(`chextransfer predict: ${sentence}`)).toBe(true);
    expect(line).toContain(` [${code}] Detail: `);
  });

  it('a missing file is bad input (2) and an unknown option a usage error (2), still one line', () => {
    const missing = predict(path.join(dir, 'nope.png'));
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toMatch(
      /^chextransfer predict: Cannot read input '.*nope\.png': there is no such file; check the path\. \[NO_SUCH_FILE\]/,
    );
    const unknown = predict(CHEST, '--frobnicate');
    expect(unknown.status).toBe(2);
    expect(oneLine(unknown.stderr)).toMatch(/^chextransfer predict: Unknown option '--frobnicate'/);
  });

  it('--debug adds the stack trace after the same line', () => {
    const { status, stderr } = predict(
      put('half2.png', half(bytesOf('nih_00000002_000.png'))),
      '--debug',
    );
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/^chextransfer predict: This PNG file ends early/);
    expect(stderr).toMatch(/^\s+at /m);
  });
});

describe('chextransfer predict: wrong weights exit 3', () => {
  it.each([
    [
      'not a safetensors file',
      () => put('junk.safetensors', 'this is not a weights file'),
      'This is not a valid .safetensors file',
      /HEADER_TOO_LARGE|BAD_HEADER|TRUNCATED/,
    ],
    [
      'a cut-short download',
      () => put('cut.safetensors', weights.slice(0, weights.length - 1000)),
      'This weights file ends early',
      /TRUNCATED/,
    ],
    [
      'weights of another architecture',
      () => put('r18.safetensors', writeSafetensors(syntheticStateDict('resnet18', 'timm'))),
      `This file holds resnet18 weights, not ${ARCH}'s`,
      /WRONG_ARCH/,
    ],
  ])('%s', (_what, make, sentence, code) => {
    const res = cli(['predict', '--arch', ARCH, '--weights', make(), '--classes', '5', CHEST]);
    expect(res.status).toBe(3);
    const line = oneLine(res.stderr);
    expect(line.startsWith(`chextransfer predict: ${sentence}`)).toBe(true);
    expect(line).toMatch(new RegExp(` \\[(${code.source})\\] Detail: `));
  });
});

describe('chextransfer predict: out of distribution exits 4 unless --allow-ood', () => {
  const SENTENCE =
    "chextransfer predict: This image does not look like a frontal chest radiograph, so a chest model's output on it would not be meaningful: run again with --allow-ood to predict anyway. [out-of-distribution] Detail: ";
  it.each([
    ['an MR', 'nema_MR2_mr_j2k.dcm', 'modality: Modality is MR'],
    ['a tibia', 'nema_RG3_cr_tibia_mono1_j2k.dcm', 'small-field: '],
    ['a colour photo', 'photo_rocket_publicdomain.jpg', 'colour: Colour image'],
  ])('%s', (_what, name, reason) => {
    const { status, stdout, stderr } = predict(xray(name));
    expect(status).toBe(4);
    expect(stdout).toBe('');
    const line = oneLine(stderr);
    expect(line.startsWith(SENTENCE)).toBe(true);
    expect(line).toContain(reason);
  });

  it('--allow-ood predicts anyway and lists the reasons with the output', () => {
    const { status, stdout, stderr } = predict(
      xray('nema_MR2_mr_j2k.dcm'),
      '--allow-ood',
      '--json',
    );
    expect([status, stderr]).toEqual([0, '']);
    const result = JSON.parse(stdout) as {
      ood: { flagged: boolean; reasons: { code: string }[] };
      predictions: { probabilities: number[] }[];
    };
    expect(result.ood.flagged).toBe(true);
    expect(result.ood.reasons.map((r) => r.code)).toContain('modality');
    expect(result.predictions[0]?.probabilities).toHaveLength(5);
  });
});

describe('chextransfer predict: a chest radiograph', () => {
  it('exits 0 with nothing on stderr (no TensorFlow.js banner)', () => {
    const { status, stdout, stderr } = predict(CHEST);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/input 0: sigmoid( \d\.\d{4}){5}\n/);
  });
});

describe('chextransfer predict --weights FILE.pt: the same refusals and exit codes', () => {
  const CHEX = 'chex-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt';
  const PT = put(CHEX, rebuildBigFixture('xrv_densenet121_module_legacy').bytes);
  const torch = (weights: string, input: string, ...more: string[]) =>
    cli(['predict', '--weights', weights, input, '--backend', 'wasm', ...more]);

  it.each([
    ['a truncated zip', 'bad_truncated_zip.pt', 'TRUNCATED', /the zip archive has no end record/],
    ['a wrong magic number', 'bad_magic.pt', 'BAD_MAGIC', /magic number/],
    ['a pickle that names os.system', 'bad_os_system.pt', 'UNSAFE_GLOBAL', /os\.system/],
    ['a tensor past its storage', 'bad_out_of_bounds.pt', 'OUT_OF_BOUNDS', /storage/],
  ] as const)('%s exits 3 with the checkpoint sentence', (_what, name, code, detail) => {
    const { status, stdout, stderr } = torch(put(name, readTorchFixture(name)), CHEST);
    expect(status).toBe(3);
    expect(stdout).toBe('');
    const line = oneLine(stderr);
    expect(
      line.startsWith(`chextransfer predict: ${TORCH_SENTENCES[code]} [${code}] Detail: `),
    ).toBe(true);
    expect(line).toMatch(detail);
  });

  it('a bad image exits 2 before the checkpoint is read (here a refused one too)', () => {
    const weights = put('bad_magic.pt', readTorchFixture('bad_magic.pt'));
    const image = put('half3.png', half(bytesOf('nih_00000002_000.png')));
    const { status, stderr } = torch(weights, image);
    expect(status).toBe(2);
    expect(oneLine(stderr)).toMatch(
      /^chextransfer predict: This PNG file ends early.* \[truncated\] /,
    );
  });

  it('a chest X-ray is read (exit 0, nothing on stderr: no TensorFlow.js banner)', () => {
    const { status, stdout, stderr } = torch(PT, CHEST, '--json');
    expect([status, stderr]).toEqual([0, '']);
    const r = JSON.parse(stdout) as TorchPredictResult;
    expect(r.model.published).toBe('TorchXRayVision densenet121-res224-chex');
    expect(r.ood).toBeUndefined();
    expect(r.predictions[0]?.probabilities).toHaveLength(18);
  });

  it('an image out of distribution exits 4, and --allow-ood predicts with the reasons', () => {
    const photo = xray('photo_rocket_publicdomain.jpg');
    const refused = torch(PT, photo);
    expect([refused.status, refused.stdout]).toEqual([4, '']);
    const line = oneLine(refused.stderr);
    expect(line).toMatch(
      /^chextransfer predict: This image does not look like a frontal chest radiograph.* \[out-of-distribution\] Detail: .*colour: Colour image/,
    );
    const allowed = torch(PT, photo, '--allow-ood', '--json');
    expect([allowed.status, allowed.stderr]).toEqual([0, '']);
    const r = JSON.parse(allowed.stdout) as TorchPredictResult;
    expect(r.ood?.flagged).toBe(true);
    expect(r.ood?.reasons.map((o) => o.code)).toContain('colour');
    expect(r.predictions[0]?.logits).toHaveLength(18);
  });
});
