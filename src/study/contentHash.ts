/** A short, stable, non-cryptographic hash of a text, for ids that permalinks can reference. */

/**
 * cyrb53 (a public-domain 53-bit string hash by bryc): two 32-bit lanes mixed with Math.imul.
 * Stable across browsers and Node, well distributed, and needs no crypto API (which the worker
 * and Node tests would reach differently). Not for security.
 * @param text any string
 * @returns 11 base-36 characters
 */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(36).padStart(11, '0');
}
