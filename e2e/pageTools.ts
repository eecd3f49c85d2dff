/**
 * What several browser specs do to a page: collect its uncaught errors, serve it without
 * cross-origin isolation, drop served bytes on a drop zone with a real DataTransfer, and count a
 * canvas's coloured pixels. One copy here, so a fix to one of them reaches every spec.
 */
import type { Locator, Page } from '@playwright/test';

/**
 * @param page the page to watch
 * @returns uncaught errors of the page and any of its workers, collected as they come
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || /worker sent an error/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/**
 * Serves the page without COOP/COEP, as a static host without the header file would. The
 * document's headers decide: a page that is not isolated has no isolated workers either.
 * @param page the page, before it navigates
 */
export async function serveWithoutIsolation(page: Page): Promise<void> {
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    },
  );
}

/**
 * Drops bytes on a drop zone as a drag from the desktop does: the bytes are served to the page
 * (same origin), fetched there into a File, and dragenter, dragover and drop carry a real
 * DataTransfer.
 * @param page the page
 * @param zone the drop zone
 * @param name the file's name
 * @param body the file's bytes
 */
export async function dropServed(
  page: Page,
  zone: Locator,
  name: string,
  body: Uint8Array,
): Promise<void> {
  await page.route(`**/e2e-fixture/${name}`, (route) =>
    route.fulfill({ body: Buffer.from(body), contentType: 'application/octet-stream' }),
  );
  const transfer = await page.evaluateHandle(async (n) => {
    const blob = await (await fetch(`/e2e-fixture/${n}`)).blob();
    const dt = new DataTransfer();
    dt.items.add(new File([blob], n));
    return dt;
  }, name);
  for (const type of ['dragenter', 'dragover', 'drop'])
    await zone.dispatchEvent(type, { dataTransfer: transfer });
}

/**
 * @param canvas a canvas element
 * @returns its pixels whose colour is clearly not grey (a colormapped overlay)
 */
export async function colouredPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((el: HTMLCanvasElement) => {
    const data = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data ?? [];
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 24) n++;
    }
    return n;
  });
}
