/**
 * NIH ChestX-ray14 `Data_Entry_2017.csv` (Wang et al., CVPR 2017) → `LabelRow`s. Findings are
 * joined by `|` ('No Finding' when none). All five CheXpert tasks exist in NIH's fourteen
 * (Effusion is CheXpert's Pleural Effusion), so nothing is masked; NIH has no uncertain labels.
 * Every NIH image is frontal (View Position PA or AP).
 */
import type { CsvTable } from './chexpertLabels.ts';
import {
  CHEXPERT_TASKS,
  MAX_REPORTED_ERRORS,
  NUM_TASKS,
  type ChexpertTask,
  type CsvIssue,
  type LabelParseResult,
  type LabelRow,
  type TaskLabel,
} from './labelTypes.ts';

/** Columns an NIH file must have. */
export const NIH_REQUIRED_COLUMNS = ['Image Index', 'Finding Labels', 'Patient ID'] as const;

/** NIH finding name → CheXpert task (null: a finding outside the five tasks). */
export const NIH_FINDINGS: Readonly<Record<string, ChexpertTask | null>> = {
  Atelectasis: 'Atelectasis',
  Cardiomegaly: 'Cardiomegaly',
  Consolidation: 'Consolidation',
  Edema: 'Edema',
  Effusion: 'Pleural Effusion',
  Infiltration: null,
  Mass: null,
  Nodule: null,
  Pneumonia: null,
  Pneumothorax: null,
  Emphysema: null,
  Fibrosis: null,
  Pleural_Thickening: null,
  Hernia: null,
  'No Finding': null,
};

/**
 * @param findings the `Finding Labels` cell
 * @returns the 5-task label vector, or the unknown finding names
 */
export function nihLabels(findings: string): TaskLabel[] | string[] {
  const names = findings
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !(n in NIH_FINDINGS));
  if (unknown.length > 0 || names.length === 0) return unknown.length > 0 ? unknown : [''];
  const tasks = new Set(names.map((n) => NIH_FINDINGS[n]));
  return CHEXPERT_TASKS.map((t) => (tasks.has(t) ? 1 : 0));
}

/**
 * @param table the parsed CSV (header checked by the caller)
 * @returns rows, or row-numbered errors
 */
export function parseNihRows(table: CsvTable): LabelParseResult {
  const col = (name: string): number => table.header.indexOf(name);
  const [imageCol, findingCol, patientCol, viewCol] = [
    col('Image Index'),
    col('Finding Labels'),
    col('Patient ID'),
    col('View Position'),
  ];
  const rows: LabelRow[] = [];
  const errors: CsvIssue[] = [];
  for (const { row, cells } of table.rows) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    const path = (cells[imageCol] ?? '').trim();
    const patient = (cells[patientCol] ?? '').trim();
    const labels = nihLabels(cells[findingCol] ?? '');
    if (path === '') errors.push({ row, column: 'Image Index', message: 'empty image name' });
    if (!/^\d+$/.test(patient))
      errors.push({ row, column: 'Patient ID', message: `"${patient}" is not a patient number` });
    if (labels.some((l) => typeof l === 'string')) {
      const names = (labels as string[]).map((n) => `"${n}"`).join(', ');
      errors.push({ row, column: 'Finding Labels', message: `unknown finding(s) ${names}` });
      continue;
    }
    const view = viewCol >= 0 ? (cells[viewCol] ?? '').trim() : '';
    rows.push({
      path,
      patientId: patient,
      frontal: true,
      view,
      labels: labels as TaskLabel[],
      row,
    });
  }
  if (errors.length > 0) return { ok: false, format: 'nih', errors };
  return { ok: true, format: 'nih', rows, uncertainCounts: new Array<number>(NUM_TASKS).fill(0) };
}
