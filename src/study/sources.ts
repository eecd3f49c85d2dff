/**
 * Whether a `source` can be followed to the same text later. A source is pinned when every web
 * address in it is a fixed version: a GitHub commit or tag, a DOI, a versioned arXiv id, an
 * archive snapshot, a PubMed Central article, or a post's status URL (a post's text cannot be
 * edited). A source that cannot be pinned says NOT_VERIFIABLE, and its numbers are kept out of
 * every statistic (resolve.ts). Pure.
 */

/** The words that mark a source no one can follow to a fixed copy. */
export const NOT_VERIFIABLE = 'not verifiable here';

/** The flag on a result whose source is not verifiable: drawn in no chart, in no statistic. */
export const NOT_VERIFIABLE_FLAG = 'source-not-verifiable';

const URL = /https?:\/\/[^\s),;"']+/g;

/** Fixed-version web addresses. */
const PINNED: readonly RegExp[] = [
  // A GitHub file or tree at a full commit, or at a release tag (v1.2.3).
  /^https:\/\/github\.com\/[^/]+\/[^/]+\/(blob|tree|raw)\/([0-9a-f]{40}|v\d+(\.\d+)*)(\/|$)/,
  /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//,
  /^https:\/\/doi\.org\/10\.\d{4,9}\//,
  /^https:\/\/arxiv\.org\/(abs|pdf)\/\d{4}\.\d{4,5}v\d+/,
  /^https:\/\/web\.archive\.org\/web\/\d{14}\//,
  /^https:\/\/pmc\.ncbi\.nlm\.nih\.gov\/articles\/PMC\d+\//,
  /^https:\/\/(twitter|x)\.com\/[^/]+\/status\/\d+$/,
];

/** Identifiers that are fixed without a URL: a DOI, a versioned arXiv id. */
const PINNED_ID = /\bdoi:10\.\d{4,9}\/\S+|\barXiv:\d{4}\.\d{4,5}v\d+/;

/**
 * @param url a web address
 * @returns whether it names a fixed version
 */
export const isPinnedUrl = (url: string): boolean => PINNED.some((re) => re.test(url));

/**
 * @param source a source text
 * @returns whether it says it cannot be verified
 */
export const isMarkedNotVerifiable = (source: string): boolean =>
  source.toLowerCase().includes(NOT_VERIFIABLE);

/**
 * @param source a source text
 * @returns the web addresses in it that do not name a fixed version
 */
export const unpinnedUrls = (source: string): string[] =>
  (source.match(URL) ?? []).filter((u) => !isPinnedUrl(u));

/**
 * A source passes when it is marked not verifiable, or when every address in it is pinned and
 * it holds at least one pinned address or identifier.
 * @param source a source text
 * @returns null when it passes, else why not
 */
export function sourceProblem(source: string): string | null {
  if (isMarkedNotVerifiable(source)) return null;
  const loose = unpinnedUrls(source);
  if (loose.length > 0) return `not pinned: ${loose.join(', ')}`;
  const pinned = (source.match(URL) ?? []).length > 0 || PINNED_ID.test(source);
  return pinned ? null : 'no commit, tag, DOI or archive snapshot';
}
