/**
 * TorchXRayVision's operating-point normalisation, the "calibrated" output. Pure.
 * Ref impl: mlmed/torchxrayvision `models.py` `op_norm` (see XRV_PREPROCESS.calibration in
 * chestCatalog.ts for the commit-pinned lines).
 */

/**
 * p / 2t below the operating point t, 1 - (1 - p) / (2 (1 - t)) at or above it, so that t maps
 * to 0.5 and the scale stays monotonic in [0, 1].
 * @param p a sigmoid probability
 * @param t the published operating point, or null (TorchXRayVision's NaN)
 * @returns the calibrated value, or null without an operating point (TorchXRayVision leaves 0.5
 *   there, which would read as "at the threshold")
 */
export function opNorm(p: number, t: number | null): number | null {
  if (t === null) return null;
  return p < t ? p / (t * 2) : 1 - (1 - p) / ((1 - t) * 2);
}
