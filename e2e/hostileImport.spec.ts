/**
 * Hostile results files dropped on the import panel (issue 19): a formula cell inside a quote that
 * is never closed, a garbled binary file and a file over the 256 MB results-file limit. Each is
 * answered within 5 s with the command line's own refusal (`chextransfer stats --csv`, run here
 * on the same bytes), and the study imported before stays imported, selected and drawn. The files
 * are built here; the large one is a sparse file on disk and a Blob of one repeated MiB in the
 * page, so nothing of that size is committed or held twice.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JSHandle, Page } from '@playwright/test';
import { CSV_LIMITS } from '../src/study/csvTable.ts';
import { expect, test } from './fixtures.ts';
import { VALID_RESULTS_CSV } from './resultsFiles.ts';

/** A formula (the classic DDE payload) in a quoted cell never closed: the rest is one cell. */
const FORMULA = [
  'arch,pretrained,units_removed,value,source',
  `densenet121,true,0,0.861,"=cmd|' /C calc'!A0`,
  'resnet50,true,0,0.852,=HYPERLINK("http://example.com","x")',
].join('\n');

/** 4 KiB of bytes spread over 0–255 (NULs, quotes, invalid UTF-8), the same on every run. */
const GARBLED = Uint8Array.from({ length: 4096 }, (_, i) => ((i * 2654435761) >>> 24) & 255);

/** Past the results-file limit by 1 MiB, so the sizes differ in the sentence too. */
const TOO_LARGE = CSV_LIMITS.fileBytes.value + 2 ** 20;

interface CliRefusal {
  readonly exit: number;
  readonly code: string;
  readonly sentence: string;
}

/** `chextransfer stats --csv FILE` in a child process: its exit code and its one refusal line. */
function cliRefusal(file: string): CliRefusal {
  const args = ['bin/chextransfer.mjs', 'stats', '--csv', file, '--x', 'value', '--y', 'value'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const line = /^chextransfer stats: (.*?) \[([\w-]+)\]/.exec(r.stderr);
  if (!line) throw new Error(`no refusal line: ${r.stderr}`);
  return { exit: r.status ?? -1, code: line[2] ?? '', sentence: line[1] ?? '' };
}

/** A real DataTransfer holding one file: given bytes, or `size` zero bytes. */
async function fileTransfer(
  page: Page,
  name: string,
  content: { bytes: number[] } | { size: number },
): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(
    ({ n, c }) => {
      let parts: BlobPart[];
      if ('bytes' in c) parts = [Uint8Array.from(c.bytes)];
      else {
        // one MiB repeated: the Blob is as large as claimed, the page holds a single chunk
        const mib = new Uint8Array(2 ** 20);
        parts = Array.from({ length: Math.ceil(c.size / mib.length) }, () => mib);
      }
      const dt = new DataTransfer();
      dt.items.add(new File(parts, n, { type: 'text/csv' }));
      return dt;
    },
    { n: name, c: content },
  );
}

interface HostileCase {
  readonly name: string;
  readonly file: string;
  readonly content: { bytes: number[] } | { size: number };
}

/** Writes the hostile files into `dir` (the large one sparse: nothing of it is written). */
function hostileCases(dir: string): HostileCase[] {
  const small = [
    { name: 'formula.csv', bytes: new TextEncoder().encode(FORMULA) },
    { name: 'garbled.csv', bytes: GARBLED },
  ].map((c) => {
    const file = path.join(dir, c.name);
    writeFileSync(file, c.bytes);
    return { name: c.name, file, content: { bytes: [...c.bytes] } };
  });
  const big = path.join(dir, 'big.csv');
  closeSync(openSync(big, 'w'));
  truncateSync(big, TOO_LARGE);
  return [...small, { name: 'big.csv', file: big, content: { size: TOO_LARGE } }];
}

test('hostile results files: the command line sentence within 5 s, the imported study kept', async ({
  explorer,
  page,
  api,
}) => {
  test.setTimeout(120_000);
  await explorer.importFile('my-results.csv', VALID_RESULTS_CSV);
  await expect(explorer.studySelect).toHaveValue(/^imported-/);
  const selected = await explorer.studySelect.inputValue();
  await expect(explorer.points('top1-vs-auc')).toHaveCount(4);
  const zone = page.getByRole('group', { name: 'Drop a results file (CSV or JSON) here' });
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-e2e-import-'));
  try {
    const cases = hostileCases(dir);
    for (const c of cases) {
      const cli = cliRefusal(c.file);
      expect(cli.exit, c.name).toBe(2);
      // the CLI names the file by its path and flag; the page by its name, as a results file
      const sentence = cli.sentence
        .replace(`--csv '${c.file}'`, `the results file '${c.name}'`)
        .replace('limit for --csv', 'limit for the results file');
      // the clock starts at the drop: building a 257 MB Blob is the test's work, not the page's
      const transfer = await fileTransfer(page, c.name, c.content);
      const started = Date.now();
      await zone.dispatchEvent('dragover', { dataTransfer: transfer });
      await zone.dispatchEvent('drop', { dataTransfer: transfer });
      await expect(explorer.importErrors.locator('.refusal-sentence')).toHaveText(sentence, {
        timeout: 5_000,
      });
      await expect(explorer.importErrors).toHaveAttribute('data-code', cli.code);
      expect(Date.now() - started, c.name).toBeLessThan(5_000);
      await expect(explorer.studySelect).toHaveValue(selected);
      await expect(explorer.points('top1-vs-auc')).toHaveCount(4);
      expect((await api.getState()).imported, c.name).toHaveLength(1);
    }
    expect(cases.map((c) => c.name)).toEqual(['formula.csv', 'garbled.csv', 'big.csv']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
