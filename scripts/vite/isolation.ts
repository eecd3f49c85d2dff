/**
 * Cross-origin isolation for `vite dev` and `vite preview`: every response carries
 * `Cross-Origin-Opener-Policy: same-origin` and a `Cross-Origin-Embedder-Policy`, so the page and
 * its workers get `crossOriginIsolated === true`, SharedArrayBuffer, and threaded WASM.
 *
 * COEP is `credentialless` (cross-origin no-cors subresources load without cookies instead of
 * being blocked) where the browser implements it, and `require-corp` where it does not (Safari):
 * a browser ignores a COEP value it does not know, which would leave the page single-threaded.
 * The app's only cross-origin requests are CORS `fetch`es of weight files (Hugging Face), which
 * both values allow. Static hosts: `public/_headers` and `docs/hosting.md` (nginx) send the same.
 *
 * Spec: HTML Standard, "Cross-origin opener policies" and "Cross-origin embedder policies".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** The two COEP values that isolate a page. */
export type EmbedderPolicy = 'credentialless' | 'require-corp';

/**
 * Whether a browser implements COEP `credentialless`: Chromium-based browsers since 96 and
 * Firefox since 119 do; WebKit does not. WebKit is Safari (AppleWebKit without a Chromium
 * token) and every browser on iOS and iPadOS, whatever its name (CriOS, FxiOS, EdgiOS all run
 * WebKit there). An unknown or missing agent gets `credentialless`.
 * @param userAgent the request's User-Agent header
 * @returns the COEP value to send
 */
export function embedderPolicyFor(userAgent: string | undefined): EmbedderPolicy {
  const ua = userAgent ?? '';
  const ios = /\((iPhone|iPad|iPod);/.test(ua);
  const safari = /AppleWebKit\//.test(ua) && !/(Chrome|Chromium)\//.test(ua);
  return ios || safari ? 'require-corp' : 'credentialless';
}

/**
 * @param userAgent the request's User-Agent header
 * @returns the headers that isolate a page, for this browser
 */
export function isolationHeaders(userAgent: string | undefined): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': embedderPolicyFor(userAgent),
    // The COEP value depends on the browser: caches must not hand one browser's page to another.
    Vary: 'User-Agent',
  };
}

function setIsolationHeaders(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  for (const [name, value] of Object.entries(isolationHeaders(req.headers['user-agent'])))
    res.setHeader(name, value);
  next();
}

/**
 * Vite plugin: isolation headers on every response of `vite dev` and `vite preview` (the
 * middleware is added before Vite's own, so it also covers other plugins' routes).
 * @returns the plugin
 */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'chextransfer-cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use(setIsolationHeaders);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setIsolationHeaders);
    },
  };
}
