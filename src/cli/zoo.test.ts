import { describe, expect, it } from 'vitest';
import { CATALOG } from '../zoo/catalog.ts';
import { main } from './main.ts';
import { captureIo } from './testing/captureIo.ts';
import type { ArchReport, ZooRow } from './zoo.ts';

describe('chextransfer zoo', () => {
  it('lists the 16 architectures with recomputed 1000-class parameter counts', async () => {
    const io = captureIo();
    expect(await main(['zoo', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.stdout) as ZooRow[];
    expect(rows).toHaveLength(16);
    for (const r of rows)
      expect(r.params1000, r.id).toBe(CATALOG[r.id as keyof typeof CATALOG].params1000.value);
    expect(rows.find((r) => r.id === 'resnet18')?.units).toBe(8);
  });

  it('prints the table as text', async () => {
    const io = captureIo();
    expect(await main(['zoo'], io)).toBe(0);
    expect(io.stdout).toMatch(/densenet121\s+DenseNet121\s+7,978,856\s+62\s+224\s+74\.750/);
  });

  it('reports units and truncated totals of one architecture', async () => {
    const io = captureIo();
    expect(
      await main(['zoo', '--arch', 'resnet50', '--remove', '3', '--classes', '5', '--json'], io),
    ).toBe(0);
    const r = JSON.parse(io.stdout) as ArchReport;
    expect(r.table.units).toHaveLength(16);
    // test-data/reference/architectures_units.json, resnet50 truncated by 3 blocks: last unit layer3.5, 8,548,421
    expect(r.truncated).toMatchObject({
      lastUnit: 'layer3.5',
      trainable: 8_548_421,
      outChannels: 1024,
      outHw: 14,
    });
    expect(r.truncated.trainable + r.truncated.nonTrainable).toBe(8_579_013);
    expect(r.built).toBeUndefined();
  });

  it('builds the tf.layers model with --build and agrees with the analytic count', async () => {
    const io = captureIo();
    const code = await main(
      ['zoo', '--arch', 'mobilenetv2_100', '--remove', '1', '--input', '96', '--build'],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout).toContain('last unit blocks.6.0 (320 ch, 3x3)');
    expect(io.stdout).toMatch(
      /built: +trainable 1,813,317, non-trainable 31,552, output \[null, 5\] \(matches\)/,
    );
  });

  it.each([
    [['zoo', '--arch', 'vgg16'], /unknown architecture "vgg16"/],
    [['zoo', '--arch', 'resnet18', '--remove', '8'], /--remove must be below 8/],
    [['zoo', '--arch', 'resnet18', '--classes', '0'], /--classes must be an integer >= 1/],
    [['zoo', '--build'], /--build needs --arch/],
    [['zoo', '--arch', 'inception_v3', '--input', '64'], /--input 64: input too small/],
    [['zoo', '--nope'], /nope/],
  ])('rejects %j with a usage error', async (argv, message) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toMatch(message);
  });
});
