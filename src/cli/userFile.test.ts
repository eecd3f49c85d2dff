import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUserFile, readUserFileSync, UserFileError } from './userFile.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'user-file-'));
const at = (name: string): string => path.join(dir, name);
writeFileSync(at('ten.bin'), new Uint8Array(10).fill(7));
symlinkSync(at('ten.bin'), at('link-to-file'));
symlinkSync('/dev/zero', at('link-to-zero'));
symlinkSync(at('missing'), at('broken-link'));
const fifo = (() => {
  try {
    execFileSync('mkfifo', [at('fifo')]);
    return at('fifo');
  } catch {
    return null; // no mkfifo here (Windows): the device cases still run
  }
})();

const opts = { what: '--weights', maxBytes: 100 };

async function codeOf(p: string, o = opts): Promise<[string, string, string][]> {
  const out: [string, string, string][] = [];
  for (const read of [readUserFile, async (q: string, x: typeof o) => readUserFileSync(q, x)]) {
    const e: unknown = await read(p, o).then(
      () => null,
      (error: unknown) => error,
    );
    if (!(e instanceof UserFileError)) throw new Error(`expected a refusal, got ${String(e)}`);
    out.push([e.code, e.kind, e.sentence]);
  }
  return out;
}

describe('reading a named file within a budget', () => {
  it('reads a regular file, also through a link', async () => {
    for (const p of [at('ten.bin'), at('link-to-file')]) {
      expect(Array.from(await readUserFile(p, opts))).toEqual(new Array(10).fill(7));
      expect(readUserFileSync(p, opts)).toHaveLength(10);
    }
  });

  it.each([
    ['/dev/zero', 'a device'],
    ['link-to-zero', 'a device'],
    ['folder', 'a folder'],
  ])('refuses %s (%s) without reading it, exit 2', async (name, type) => {
    const p = name.startsWith('/') ? name : name === 'folder' ? dir : at(name);
    for (const [code, kind, sentence] of await codeOf(p)) {
      expect([code, kind]).toEqual(['NOT_A_FILE', 'bad-input']);
      expect(sentence).toContain(`it is ${type}, and only regular files are read`);
    }
  });

  it.runIf(fifo !== null)('refuses a FIFO at once (an open would wait for a writer)', async () => {
    const t0 = performance.now();
    for (const [code] of await codeOf(fifo ?? '')) expect(code).toBe('NOT_A_FILE');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('refuses a file over its budget from its size, with the kind the caller asks for', async () => {
    const small = { ...opts, maxBytes: 9, tooLargeKind: 'wrong-weights' as const };
    for (const [code, kind, sentence] of await codeOf(at('ten.bin'), small)) {
      expect([code, kind]).toEqual(['FILE_TOO_LARGE', 'wrong-weights']);
      expect(sentence).toMatch(/it is 10 bytes, over the 9 bytes limit for --weights/);
    }
  });

  it('names a missing file and a broken link', async () => {
    for (const p of [at('missing'), at('broken-link')])
      for (const [code, , sentence] of await codeOf(p)) {
        expect(code).toBe('NO_SUCH_FILE');
        expect(sentence).toMatch(/^Cannot read --weights '.*': there is no such file/);
      }
    expect(existsSync(at('missing'))).toBe(false);
  });
});
