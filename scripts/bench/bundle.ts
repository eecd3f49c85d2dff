/**
 * Initial bundle size: what the browser must fetch before the first chart, gzip-compressed.
 * Reads the built index.html, follows its entry script's static imports (Vite's modulepreload
 * links) and sums gzip sizes. Also checks that no initial chunk contains TensorFlow.js.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleReport {
  initialFiles: { file: string; bytes: number; gzipBytes: number }[];
  initialGzipBytes: number;
  initialHasTfjs: boolean;
  totalJsGzipBytes: number;
}

/**
 * @param distDir the `vite build` output folder
 * @returns sizes of the files the first view needs, and of all JS
 */
export function measureBundle(distDir = 'dist'): BundleReport {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? '',
  );
  const initialFiles = [...new Set(refs)].map((file) => {
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  // The source maps name every module a chunk holds: a robust way to tell where tfjs went.
  const initialHasTfjs = initialFiles.some((f) => chunkSources(distDir, f.file).some(isTfjs));
  const allJs = readdirSync(join(distDir, 'assets')).filter((f) => f.endsWith('.js'));
  const totalJsGzipBytes = allJs.reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(distDir, 'assets', f)), { level: 9 }).length,
    0,
  );
  return {
    initialFiles,
    initialGzipBytes: initialFiles.reduce((s, f) => s + f.gzipBytes, 0),
    initialHasTfjs,
    totalJsGzipBytes,
  };
}

const isTfjs = (source: string): boolean => source.includes('@tensorflow/');

/**
 * @param distDir the build folder
 * @param file a chunk path relative to it
 * @returns the module paths its source map lists (empty for CSS or a chunk without a map)
 */
function chunkSources(distDir: string, file: string): string[] {
  if (!file.endsWith('.js')) return [];
  try {
    const map = JSON.parse(readFileSync(join(distDir, `${file}.map`), 'utf8')) as {
      sources?: string[];
    };
    return map.sources ?? [];
  } catch {
    return [];
  }
}
