/**
 * Reading the person's CheXpert-format data: the picked folder or zip is sent to the worker's
 * inspector, which finds train.csv/valid.csv inside it, parses them (CheXpert's train.csv has
 * 223k rows: never on the main thread), and matches the rows to the images. A refused pick keeps
 * the previous data, report and form as they were.
 */
import { inspectDataset } from '../../client/trainingClient.ts';
import { errorText, type Refusal } from '../../refusal/refusal.ts';
import { datasetOf, type ChexpertSource } from './trainForm.ts';
import { useTrainStore } from './trainStore.ts';

/**
 * @param files the files of a folder picked with `webkitdirectory`
 * @returns the source, or null when the folder is empty
 */
export function folderSource(files: FileList | null): ChexpertSource | null {
  const list = files ? [...files] : [];
  if (list.length === 0) return null;
  const root = list[0]?.webkitRelativePath.split('/')[0] ?? 'folder';
  return { kind: 'folder', files: list, label: `folder "${root}" (${list.length} files)` };
}

/**
 * @param file a dropped or picked zip
 * @returns the source
 */
export function zipSource(file: File): ChexpertSource {
  return { kind: 'zip', zip: file, label: `zip "${file.name}"` };
}

/**
 * Inspects the data in the worker; accepts it when the report is ok, else shows why.
 * @param source the picked folder or zip
 */
export async function pickSource(source: ChexpertSource): Promise<void> {
  const store = useTrainStore.getState();
  if (store.dataCheck.type === 'reading') return;
  const form = { ...store.form, data: 'chexpert' as const };
  const dataset = datasetOf(form, source);
  if (!dataset) return;
  store.setDataCheck({ type: 'reading', label: `Reading ${source.label} in the worker…` });
  try {
    const report = await inspectDataset(dataset, form.policy);
    if (report.ok) useTrainStore.getState().acceptSource(source, report);
    else useTrainStore.getState().setDataCheck({ type: 'error', refusal: report.refusal });
  } catch (error) {
    const refusal: Refusal = {
      code: 'dataset-unreadable',
      kind: 'bad-input',
      sentence: 'The data could not be read in the worker: pick the folder or zip again.',
      detail: errorText(error),
    };
    useTrainStore.getState().setDataCheck({ type: 'error', refusal });
  }
}
