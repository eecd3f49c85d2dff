/**
 * Data: what reading one PyTorch checkpoint (`torchCheckpoint.ts`, zip and legacy) may cost, each
 * limit checked before the memory it guards is allocated. The pickle's own limits are
 * `PICKLE_LIMITS` (pickleReader.ts). The reference points: the largest network of the 16,
 * Inception-v4, has 42.7 M parameters (171 MB as float32, 342 MB as float64); the largest
 * fixture, TorchXRayVision's ResNet-50, is a 94 MB file of 322 zip entries with a 39 kB pickle;
 * a whole pickled DenseNet-121 has a 148 kB pickle and 430 modules. Exceeding a limit is a
 * coded refusal of kind 'wrong-weights' (exit 3), never an allocation failure.
 */

const MiB = 2 ** 20;

export const TORCH_LIMITS = {
  /**
   * Largest checkpoint file read at all (the CLI checks it before reading, the app before
   * `File.arrayBuffer()`): every browser allocates an ArrayBuffer this size, and a float64
   * Inception-v4 training checkpoint with its Adam state (4 copies, 1.4 GB) still fits.
   */
  maxFileBytes: 2048 * MiB,
  /** Zip entries listed: one per storage plus a few; 300x the ResNet-50 archive's 322. */
  maxZipEntries: 100_000,
  /** `data.pkl` size: 400x the DenseNet-121 module's 148 kB (PICKLE_LIMITS bounds the work). */
  maxPickleBytes: 64 * MiB,
  /**
   * Bytes inflated from compressed entries, in all. torch.save never compresses (it stores),
   * so this only admits a checkpoint re-zipped by another tool: 3x Inception-v4 as float32.
   */
  maxInflatedBytes: 512 * MiB,
  /**
   * Inflated bytes per compressed byte read, over all entries read (plus the free allowance
   * below). Deflate shrinks float weights to no better than about 1.1:1, so 32:1 admits a
   * checkpoint full of zero tensors and stops a deflate bomb (up to 1032:1) 30 times earlier.
   */
  maxInflateRatio: 32,
  /** Inflated bytes allowed regardless of the ratio (small, well-compressed pickles). */
  inflateFreeBytes: 16 * MiB,
  /**
   * Compressed bytes pushed to the inflater at once: one push inflates to at most 1032x its
   * size, so 16 kB keeps the transient output under 17 MB before the running cap sees it.
   */
  inflateChunkBytes: 16 * 1024,
  /** Bytes of all tensors once read as float32/int64: 3x Inception-v4 as float32. */
  maxTensorBytes: 512 * MiB,
  /**
   * Elements of all tensors over the elements of the distinct storages they view. A state dict
   * views each storage once (ratio 1); weights tied under two names view one twice (2). A file
   * that views one storage many times over (a 1 kB file claiming gigabytes) stops here.
   */
  maxViewsPerStorage: 2,
  /** Nesting of a pickled nn.Module: torchvision's deepest is under 10. */
  maxModuleDepth: 100,
  /**
   * Modules plus dict entries walked in a pickled module tree (each module once: a submodule
   * shared by reference is walked once, not once per path to it). DenseNet-121 has about
   * 2,000 (430 modules and their entries); 500x that.
   */
  maxModuleNodes: 1_000_000,
} as const;
