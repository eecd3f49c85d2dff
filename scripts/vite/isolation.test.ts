import { describe, expect, it } from 'vitest';
import { embedderPolicyFor, isolationHeaders } from './isolation.ts';

// User-Agent strings as each browser sends them (MDN "User-Agent" examples, current versions).
const UA = {
  chrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  iosSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  iosChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
} as const;

describe('cross-origin isolation headers', () => {
  it('sends credentialless to browsers that implement it', () => {
    for (const ua of [UA.chrome, UA.edge, UA.firefox, undefined])
      expect(embedderPolicyFor(ua)).toBe('credentialless');
  });

  it('sends require-corp to WebKit browsers, which lack credentialless', () => {
    // Chrome on iOS is WebKit underneath: it isolates only with require-corp too.
    for (const ua of [UA.safari, UA.iosSafari, UA.iosChrome])
      expect(embedderPolicyFor(ua)).toBe('require-corp');
  });

  it('always sends COOP same-origin and varies caches by browser', () => {
    expect(isolationHeaders(UA.chrome)).toEqual({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'credentialless',
      Vary: 'User-Agent',
    });
  });
});
