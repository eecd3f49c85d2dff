/**
 * Keeps the URL hash and the store in step: store changes are written (debounced) with
 * `history.replaceState`; on start and on `hashchange`/`popstate` the hash is decoded into the
 * store. A link that cannot be read leaves the default view and a dismissible message.
 * The only module that touches `window.location` (state code elsewhere stays pure).
 */
import type { AppState } from './slices.ts';
import { comparedWith } from './slices.ts';
import type { AppStore } from './store.ts';
import type { PermalinkState } from './permalink.ts';
import { decodePermalink, defaultPermalinkState, encodePermalinkWithNotes } from './permalink.ts';

/** How long the store must be quiet before the hash is rewritten. */
export const WRITE_DELAY_MS = 250;

/**
 * Picks the linkable part of the app state.
 * @param s the app state
 * @returns the permalink state
 */
export function permalinkStateOf(s: AppState): PermalinkState {
  return {
    view: s.view,
    studyId: s.studyId,
    condition: s.condition,
    hiddenFamilies: s.hiddenFamilies,
    selectedArchs: s.selectedArchs,
    top1Set: s.top1Set,
    designChoices: s.designChoices,
    hiddenStudies: s.hiddenStudies,
    labArch: s.labArch,
    labUnitsRemoved: s.labUnitsRemoved,
    labCompare: s.labCompare,
    imported: s.importedStudies,
    runs: [...s.runs, ...s.sharedRuns],
  };
}

/**
 * Applies a decoded link to the store; imported studies are merged with the session's own, and
 * the link's runs become `sharedRuns`.
 * @param store the store
 * @param p the decoded state
 */
export function applyPermalinkState(store: AppStore, p: PermalinkState): void {
  const current = store.getState().importedStudies;
  const ids = new Set(p.imported.map((s) => s.id));
  store.setState({
    view: p.view,
    studyId: p.studyId,
    condition: p.condition,
    hiddenFamilies: p.hiddenFamilies,
    selectedArchs: p.selectedArchs,
    top1Set: p.top1Set,
    designChoices: p.designChoices,
    hiddenStudies: p.hiddenStudies,
    labArch: p.labArch,
    labUnitsRemoved: p.labUnitsRemoved,
    labCompare: comparedWith(p.labCompare, p.labArch),
    importedStudies: [...current.filter((s) => !ids.has(s.id)), ...p.imported],
  });
  // Runs in a link are shown but not stored unless the person keeps them.
  store.getState().setSharedRuns(p.runs);
}

/**
 * Decodes `hash` into the store; on failure shows the message and the default view.
 * @param store the store
 * @param hash the URL hash (with or without `#`)
 */
export function loadFromHash(store: AppStore, hash: string): void {
  const decoded = decodePermalink(hash);
  if (decoded.ok) {
    applyPermalinkState(store, decoded.state);
    const { notes } = decoded;
    store.getState().showLinkMessage(
      notes.length === 0
        ? null
        : {
            code: 'link-partly-read',
            kind: 'bad-input',
            sentence: 'Parts of this link could not be used and were left out; the rest is shown.',
            detail: notes.join(' '),
          },
    );
  } else {
    applyPermalinkState(store, defaultPermalinkState());
    store.getState().showLinkMessage(decoded.refusal);
  }
}

/**
 * The link for the current state, as a full URL.
 * @param store the store
 * @returns the URL and notes on anything left out
 */
export function currentLink(store: AppStore): { url: string; omitted: readonly string[] } {
  const { text, omitted } = encodePermalinkWithNotes(permalinkStateOf(store.getState()));
  const { origin, pathname, search } = window.location;
  return { url: `${origin}${pathname}${search}#${text}`, omitted };
}

/**
 * Starts two-way syncing between the store and the URL hash.
 * @param store the store
 * @returns a function that stops syncing
 */
export function startUrlSync(store: AppStore): () => void {
  let lastWritten = window.location.hash.replace(/^#/, '');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onHash = (): void => {
    const hash = window.location.hash.replace(/^#/, '');
    if (hash === lastWritten) return;
    lastWritten = hash;
    loadFromHash(store, hash);
  };
  loadFromHash(store, lastWritten);
  let previous = JSON.stringify(permalinkStateOf(store.getState()));
  const unsubscribe = store.subscribe((s) => {
    const next = JSON.stringify(permalinkStateOf(s));
    if (next === previous) return;
    previous = next;
    clearTimeout(timer);
    timer = setTimeout(() => {
      lastWritten = encodePermalinkWithNotes(permalinkStateOf(store.getState())).text;
      history.replaceState(history.state, '', `#${lastWritten}`);
    }, WRITE_DELAY_MS);
  });
  window.addEventListener('hashchange', onHash);
  window.addEventListener('popstate', onHash);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    window.removeEventListener('hashchange', onHash);
    window.removeEventListener('popstate', onHash);
  };
}
