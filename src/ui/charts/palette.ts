/**
 * The Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), readable by colour-blind
 * viewers: every categorical palette in the charts starts with them.
 */
export const OKABE_ITO = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
] as const;
