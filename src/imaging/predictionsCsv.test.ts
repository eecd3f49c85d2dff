import { describe, expect, it } from 'vitest';
import { csvCell, PREDICTION_CSV_COLUMNS, predictionsCsv } from './predictionsCsv.ts';
import type { CsvFileResult } from './predictionsCsv.ts';

const identifying = [
  { tag: '0010,0010', keyword: 'PatientName', value: 'Doe^Jane' },
  { tag: '0010,0030', keyword: 'PatientBirthDate', value: '19710203' },
  { tag: '0008,0080', keyword: 'InstitutionName', value: 'St Elsewhere' },
];

/** A worker result with identifying tags attached, as the privacy panel receives it. */
const okResult = {
  name: 'scan, "one".dcm',
  status: 'ok',
  ood: { flagged: true, reasons: [{ code: 'modality', message: 'Modality MR (Doe^Jane)' }] },
  image: { identifyingTags: identifying },
  predictions: [
    { modelId: 'a', status: 'trained', probabilities: [0.1, 0.2, 0.3, 0.4, 0.123456789] },
    { modelId: 'b', status: 'random weights', probabilities: [0.5, 0.5, 0.5, 0.5, 0.5] },
  ],
} satisfies CsvFileResult & { image: unknown };

const errorResult: CsvFileResult = {
  name: '=HYPERLINK("x")',
  status: 'error',
  error: {
    code: 'no-pixel-data',
    kind: 'bad-input',
    sentence: 'This DICOM file holds no image.',
    detail: 'no Pixel Data (7FE0,0010)',
  },
  predictions: [],
};

describe('predictionsCsv', () => {
  const csv = predictionsCsv([okResult, errorResult]);
  const lines = csv.split('\r\n');

  it('writes a header and one row per (file, model), failed files with their error', () => {
    expect(lines[0]).toBe(PREDICTION_CSV_COLUMNS.join(','));
    expect(lines[0]).toBe(
      'file,model,model_status,p_atelectasis,p_cardiomegaly,p_consolidation,p_edema,p_pleural_effusion,ood_flagged,ood_reasons,status,error',
    );
    expect(lines[1]).toBe(
      '"scan, ""one"".dcm",a,trained,0.100000,0.200000,0.300000,0.400000,0.123457,yes,modality,ok,',
    );
    // The formula is defused with an apostrophe, then quoted because it holds quotes.
    expect(lines[3]).toBe(
      `"'=HYPERLINK(""x"")",,,,,,,,,,error,no-pixel-data: This DICOM file holds no image.`,
    );
    expect(lines).toHaveLength(5); // header, 2 + 1 rows, '' after the final CRLF
  });

  it('never contains identifying values, not even those echoed in an OOD message', () => {
    for (const { value } of identifying) expect(csv).not.toContain(value);
  });

  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
