/**
 * Tiny CheXpert/NIH datasets for tests: label CSVs built from rows, small PNGs encoded with
 * fast-png, and the same files as a folder (`File`s with relative paths) or a zip (fflate).
 */
import { zipSync } from 'fflate';
import { encode } from 'fast-png';

export const CHEXPERT_HEADER =
  'Path,Sex,Age,Frontal/Lateral,AP/PA,No Finding,Enlarged Cardiomediastinum,Cardiomegaly,' +
  'Lung Opacity,Lung Lesion,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,' +
  'Pleural Effusion,Pleural Other,Fracture,Support Devices';

/**
 * @param path the CSV path
 * @param frontal frontal or lateral view
 * @param values Atelectasis, Cardiomegaly, Consolidation, Edema, Pleural Effusion cells
 * @returns one CheXpert CSV line
 */
export function chexRow(path: string, frontal: boolean, values: readonly string[]): string {
  const [at, ca, co, ed, ef] = values;
  const view = frontal ? 'Frontal,AP' : 'Lateral,';
  return `${path},Female,68,${view},,,${ca},,,${ed},${co},,${at},,${ef},,,1.0`;
}

/**
 * @param seed varies the pixels
 * @param width image width
 * @param height image height
 * @returns an 8-bit grey PNG with a gradient depending on the seed
 */
export function pngBytes(seed: number, width = 12, height = 10): Uint8Array {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + seed * 31) % 256;
  return encode({ width, height, data, channels: 1, depth: 8 });
}

/**
 * @param files path → bytes or text
 * @returns `File`s whose `webkitRelativePath` is the path (Node's File has none, so it is set)
 */
export function folderFiles(files: Readonly<Record<string, Uint8Array | string>>): File[] {
  return Object.entries(files).map(([path, content]) => {
    const file = new File([typeof content === 'string' ? content : content.slice()], path);
    Object.defineProperty(file, 'webkitRelativePath', { value: path });
    return file;
  });
}

/**
 * @param files path → bytes or text
 * @param level deflate level (0 = stored)
 * @returns a zip Blob of the files
 */
export function zipBlob(files: Readonly<Record<string, Uint8Array | string>>, level = 6): Blob {
  const enc = new TextEncoder();
  const entries = Object.fromEntries(
    Object.entries(files).map(([p, c]) => [p, typeof c === 'string' ? enc.encode(c) : c]),
  );
  return new Blob([zipSync(entries, { level: level as 0 | 6 })]);
}

const T = 'CheXpert-v1.0-small/train';
const V = 'CheXpert-v1.0-small/valid';

/** CheXpert training rows: 4 frontal (one per patient), 1 lateral, four −1 labels. */
export const TRAIN_CSV = [
  CHEXPERT_HEADER,
  chexRow(`${T}/patient00001/study1/view1_frontal.jpg`, true, ['1.0', '0.0', '-1.0', '', '1.0']),
  chexRow(`${T}/patient00001/study1/view2_lateral.jpg`, false, ['', '1.0', '', '', '']),
  chexRow(`${T}/patient00002/study1/view1_frontal.jpg`, true, ['-1.0', '-1.0', '', '1.0', '0.0']),
  chexRow(`${T}/patient00003/study1/view1_frontal.jpg`, true, ['0', '1', '0', '0', '-1']),
  chexRow(`${T}/patient00004/study1/view1_frontal.jpg`, true, ['', '', '1', '', '']),
  '',
].join('\n');

/** CheXpert validation rows: 2 frontal, 1 lateral. */
export const VALID_CSV = [
  CHEXPERT_HEADER,
  chexRow(`${V}/patient64541/study1/view1_frontal.jpg`, true, ['1', '0', '0', '0', '0']),
  chexRow(`${V}/patient64542/study1/view1_frontal.jpg`, true, ['0', '1', '0', '0', '1']),
  chexRow(`${V}/patient64542/study1/view2_lateral.jpg`, false, ['0', '1', '0', '0', '1']),
].join('\n');

/**
 * The images of TRAIN_CSV and VALID_CSV under a folder named `MyCopy`: patient00004's frontal
 * and patient64542's lateral are missing, patient00003's frontal is not an image.
 */
export const CHEXPERT_IMAGES: Readonly<Record<string, Uint8Array>> = {
  'MyCopy/train/patient00001/study1/view1_frontal.jpg': pngBytes(1),
  'MyCopy/train/patient00001/study1/view2_lateral.jpg': pngBytes(2),
  'MyCopy/train/patient00002/study1/view1_frontal.jpg': pngBytes(3, 10, 14),
  'MyCopy/train/patient00003/study1/view1_frontal.jpg': new TextEncoder().encode('not an image'),
  'MyCopy/valid/patient64541/study1/view1_frontal.jpg': pngBytes(5),
  'MyCopy/valid/patient64542/study1/view1_frontal.jpg': pngBytes(6),
};

/** The CSV paths of the missing images. */
export const MISSING = [
  `${T}/patient00004/study1/view1_frontal.jpg`,
  `${V}/patient64542/study1/view2_lateral.jpg`,
] as const;

/**
 * @param dataset a dataset description
 * @param keys optional fields to leave out
 * @returns a copy without them
 */
export function omit<T extends object>(dataset: T, ...keys: (keyof T)[]): T {
  return Object.fromEntries(
    Object.entries(dataset).filter(([k]) => !keys.includes(k as keyof T)),
  ) as T;
}
