import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { importedMemory } from './engineGemm.ts';

async function binary(wat: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('t.wat', wat, { threads: true });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

describe('importedMemory', () => {
  it('reads the limits of the imported memory past other imports', async () => {
    const bytes = await binary(`(module
      (import "env" "f" (func (param i32)))
      (import "env" "t" (table 2 funcref))
      (import "env" "g" (global i32))
      (import "env" "memory" (memory 3 300 shared)))`);
    expect(importedMemory(bytes)).toEqual({ initial: 3, maximum: 300, shared: true });
    const plain = await binary(`(module (import "env" "memory" (memory 130)))`);
    expect(importedMemory(plain)).toEqual({ initial: 130, shared: false });
    expect(new WebAssembly.Memory(importedMemory(plain)).buffer.byteLength).toBe(130 * 65536);
  });

  it('says so when the module imports no memory', async () => {
    const bytes = await binary(`(module (memory 1))`);
    expect(() => importedMemory(bytes)).toThrow(/imports no memory/);
  });
});
