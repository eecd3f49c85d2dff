/**
 * Colours per architecture family (Okabe–Ito, readable by colour-blind viewers) and marker shapes
 * per initialisation. Families beyond the palette cycle through it.
 */
import { FAMILIES } from '../../study/architectures.ts';
import { OKABE_ITO } from './palette.ts';
import type { InitGroup } from '../../study/selectors.ts';

const PALETTE = [...OKABE_ITO, '#7f7f7f', '#000000', '#9467bd'];

/**
 * @param family an architecture family
 * @returns its colour
 */
export function familyColor(family: string): string {
  const i = FAMILIES.indexOf(family);
  return PALETTE[(i < 0 ? FAMILIES.length : i) % PALETTE.length] ?? '#333333';
}

/** Marker shape and wording per initialisation group. */
export const GROUP_STYLE = {
  pretrained: { shape: 'circle', label: 'ImageNet-pretrained', marker: '●' },
  random: { shape: 'triangle', label: 'random init', marker: '▲' },
  other: {
    shape: 'square',
    label: 'other pretraining (self-supervised, in-domain, image-text…)',
    marker: '■',
  },
  unstated: { shape: 'diamond', label: 'initialisation not stated', marker: '◆' },
} as const satisfies Record<InitGroup, { shape: string; label: string; marker: string }>;
