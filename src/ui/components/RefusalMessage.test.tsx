import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadReport, ModelInfo } from '../../worker/protocol.ts';
import { LoadedWeightsCard } from '../weights/LoadedWeightsCard.tsx';
import { RefusalMessage } from './RefusalMessage.tsx';

afterEach(cleanup);

describe('RefusalMessage: the plain sentence first, the detail collapsed after it', () => {
  const refusal = {
    code: 'truncated',
    kind: 'bad-input' as const,
    sentence: 'This DICOM file ends before its header is complete: it was cut short.',
    detail:
      "dicomParser: parameter 'position' cannot be greater than or equal to 'byteArray' length",
  };

  it('shows the sentence, keeps the library words in a closed <details>, and alerts', () => {
    const { container } = render(<RefusalMessage refusal={refusal} after="Nothing was lost." />);
    const root = container.firstElementChild;
    expect(root?.getAttribute('role')).toBe('alert');
    expect(root?.getAttribute('data-code')).toBe('truncated');
    const sentence = container.querySelector('.refusal-sentence');
    expect(sentence?.textContent).toBe(`${refusal.sentence} Nothing was lost.`);
    expect(sentence?.textContent).not.toMatch(/dicomParser/);
    const details = container.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain(refusal.detail);
    expect(details?.textContent).toContain('truncated');
  });

  it('has no details when there is no detail, and no role inside a live region', () => {
    const { container } = render(
      <RefusalMessage refusal={{ ...refusal, detail: '' }} role={null} tone="plain" />,
    );
    expect(container.querySelector('details')).toBeNull();
    expect(container.firstElementChild?.hasAttribute('role')).toBe(false);
  });
});

describe('LoadedWeightsCard: one truthful head label', () => {
  const info: ModelInfo = {
    id: 'm',
    arch: 'resnet18',
    unitsRemoved: 2,
    numClasses: 5,
    inputSize: 224,
    init: 'imagenet',
    status: 'untrained head',
    source: 'x',
    trainableParams: 1,
    camLayer: 'layer3.1',
    inChannels: 3,
    outputs: ['', '', '', '', ''],
    preprocess: 'imagenet',
  };
  const report: LoadReport = {
    arch: 'resnet18',
    scheme: 'timm',
    loaded: 10,
    skipped: [],
    missing: [],
    mismatched: [],
    headReinitialised: true,
    bytes: 100,
    bnEpsilon: 1e-5,
    notes: [],
  };
  const card = (headReinitialised: boolean) =>
    render(
      <LoadedWeightsCard
        loaded={{
          info: headReinitialised ? info : { ...info, init: 'trained', status: 'trained' },
          report: { ...report, headReinitialised },
          weights: { fileName: 'w.safetensors', bytes: 100, fromCache: false },
          backend: 'cpu',
        }}
      />,
    );

  it.each([
    [true, 're-initialised (5 outputs)', /The head is untrained/, /loaded from the file/],
    [false, 'loaded from the file (5 outputs)', /The head was loaded from the file/, /untrained/],
  ])('head re-initialised %s: "%s", never both', (fresh, head, says, never) => {
    const { getByTestId } = card(fresh);
    expect(getByTestId('loaded-weights-head').textContent).toBe(head);
    const note = getByTestId('loaded-weights-head-note').textContent ?? '';
    expect(note).toMatch(says);
    expect(note).not.toMatch(never);
  });
});
