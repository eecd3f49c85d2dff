/**
 * Chart export: a standalone SVG (the chart's own SVG plus title, legend and caption as text),
 * a PNG rasterised from that SVG through a canvas, and the chart's data as CSV.
 */
import Papa from 'papaparse';
import { defuseCell } from '../../study/csvSafe.ts';

/** What goes around the chart in an exported image. */
export interface ExportText {
  readonly title: string;
  readonly caption: readonly string[];
  readonly legend: readonly { readonly label: string; readonly color: string }[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const LINE = 18;
const PAD = 12;

function textEl(
  doc: Document,
  x: number,
  y: number,
  text: string,
  size = 13,
  weight = 'normal',
): Element {
  const t = doc.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', `${x}`);
  t.setAttribute('y', `${y}`);
  t.setAttribute('font-family', 'system-ui, sans-serif');
  t.setAttribute('font-size', `${size}`);
  t.setAttribute('font-weight', weight);
  t.setAttribute('fill', '#1a1a1a');
  t.textContent = text;
  return t;
}

function legendEls(doc: Document, legend: ExportText['legend'], top: number): Element[] {
  let x = PAD;
  return legend.flatMap(({ label, color }) => {
    const swatch = doc.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', `${x}`);
    swatch.setAttribute('y', `${top - 10}`);
    swatch.setAttribute('width', '10');
    swatch.setAttribute('height', '10');
    swatch.setAttribute('fill', color);
    const label_ = textEl(doc, x + 14, top, label, 12);
    x += 24 + label.length * 7;
    return [swatch, label_];
  });
}

/**
 * Breaks a caption line into lines of at most `max` characters at spaces (SVG text does not wrap).
 * @param line the text
 * @param max characters per line
 * @returns the wrapped lines
 */
export function wrapText(line: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > max) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}

/**
 * Builds a standalone SVG document from a rendered chart SVG and its text.
 * @param chart the chart's `<svg>` element
 * @param text title, legend and caption lines
 * @returns the SVG markup
 */
export function buildStandaloneSvg(chart: SVGSVGElement, text: ExportText): string {
  const doc = chart.ownerDocument;
  const width = Number(chart.getAttribute('width')) || chart.clientWidth || 640;
  const height = Number(chart.getAttribute('height')) || chart.clientHeight || 360;
  const head = PAD + LINE * 2;
  // ~6.5 px per character at 12 px: keeps caption lines inside the image.
  const caption = text.caption.flatMap((l) => wrapText(l, Math.floor((width - 2 * PAD) / 6.5)));
  const foot = LINE * (caption.length + 1) + PAD;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('font-family', 'system-ui, sans-serif');
  root.setAttribute('width', `${width}`);
  root.setAttribute('height', `${head + height + foot}`);
  const bg = doc.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  root.append(bg, textEl(doc, PAD, PAD + 12, text.title, 15, 'bold'));
  root.append(...legendEls(doc, text.legend, PAD + LINE + 12));
  const body = chart.cloneNode(true) as SVGSVGElement;
  body.setAttribute('x', '0');
  body.setAttribute('y', `${head}`);
  // A chart drawn at width="100%" (the evidence view's plain SVG) needs its size in pixels here.
  body.setAttribute('width', `${width}`);
  body.setAttribute('height', `${height}`);
  root.append(body);
  caption.forEach((line, i) =>
    root.append(textEl(doc, PAD, head + height + LINE * (i + 1), line, 12)),
  );
  return new XMLSerializer().serializeToString(root);
}

/**
 * Offers a blob as a download.
 * @param blob the content
 * @param fileName the suggested name
 */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Rasterises SVG markup to a PNG at twice its size (for sharp text).
 * @param svg standalone SVG markup
 * @returns the PNG blob
 */
export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Canvas 2D is not available.');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Writes a table as CSV (RFC 4180 quoting by papaparse).
 * @param columns header row
 * @param rows data rows
 * @returns CSV text
 */
export function tableToCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  // Series names and labels can come from imported files: text cells are defused (csvSafe.ts).
  const safe = (v: string | number): string | number => (typeof v === 'string' ? defuseCell(v) : v);
  return Papa.unparse({ fields: columns.map(defuseCell), data: rows.map((r) => r.map(safe)) });
}
