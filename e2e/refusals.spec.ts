/**
 * Damaged and odd files in the X-ray panel get the same coded refusals as the command line: each
 * queue row shows the decoder's plain sentence (computed here, in Node, by the same `decodeImage`
 * the CLI runs), the technical detail waits in a closed <details>, and the files after a refused
 * one still run. The files are crafted here: nothing damaged is committed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { decodeImage } from '../src/imaging/decode.ts';
import { ImagingError } from '../src/imaging/errors.ts';
import { XRAYS_DIR } from '../src/test/testData.ts';
import { expect, test } from './fixtures.ts';
import { XrayPage } from './pages/XrayPage.ts';

const read = (name: string): Buffer => readFileSync(path.join(XRAYS_DIR, name));
const DX = read('nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm');

function bomb(): Buffer {
  const png = encodePng({ width: 4, height: 4, data: new Uint8Array(16), channels: 1, depth: 8 });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  view.setUint32(16, 60_000);
  view.setUint32(20, 60_000);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return Buffer.from(png);
}

const FILES: readonly { name: string; buffer: Buffer }[] = [
  { name: 'bomb.png', buffer: bomb() },
  { name: 'half.png', buffer: read('nih_00000002_000.png').subarray(0, 80_000) },
  {
    name: 'header-only.dcm',
    buffer: DX.subarray(0, DX.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0]))),
  },
  { name: 'cut-header.dcm', buffer: DX.subarray(0, 300) },
  { name: 'notes.txt', buffer: Buffer.from('not an image\n'.repeat(30)) },
  { name: 'chest.png', buffer: read('nih_00000001_000.png') },
];

async function refusalOf(bytes: Buffer): Promise<ImagingError> {
  const error = await decodeImage(new Uint8Array(bytes)).catch((e: unknown) => e);
  if (!(error instanceof ImagingError)) throw new Error('expected a refusal');
  return error;
}

test("damaged files: the CLI's coded refusals, sentence first, detail collapsed", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const xray = new XrayPage(page);
  await xray.open('?backend=wasm');
  await xray.createModel('mobilenetv2_100', 8);
  await expect(xray.backendLabel).toContainText('Backend: wasm');
  await xray.fileInput.setInputFiles(
    FILES.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })),
  );
  await expect(xray.progress).toHaveText(`Done: 1 of ${FILES.length} files processed`, {
    timeout: 90_000,
  });
  await expect(xray.queueRow('chest.png')).toHaveAttribute('data-status', 'done');
  for (const f of FILES.slice(0, -1)) {
    const expected = await refusalOf(f.buffer);
    const row = xray.queueRow(f.name);
    await expect(row).toHaveAttribute('data-status', 'error');
    const shown = row.locator('.refusal');
    await expect(shown).toHaveAttribute('data-code', expected.code);
    await expect(shown.locator('.refusal-sentence')).toHaveText(expected.sentence);
    const detail = shown.locator('details');
    await expect(detail).not.toHaveAttribute('open');
    await expect(detail.locator('p')).toBeHidden();
    await expect(detail.locator('p')).toHaveText(`${expected.code} ${expected.detail}`);
  }
  await expect(xray.queueRow('bomb.png').locator('.refusal-sentence')).toHaveText(
    "60,000 × 60,000 pixels (3.6 gigapixels) is over this app's 100-megapixel limit: reduce the image before loading it.",
  );
});
