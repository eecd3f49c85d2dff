/**
 * Data: what reading one PyTorch checkpoint (`torchCheckpoint.ts`, zip and legacy) may cost, each
 * limit checked before the memory it guards is allocated. The pickle's own limits are
 * `PICKLE_LIMITS` (pickleReader.ts). The reference points: the largest network of the 16,
 * Inception-v4, has 42.7 M parameters (171 MB as float32, 342 MB as float64); the largest
 * fixture, TorchXRayVision's ResNet-50, is a 94 MB file of 322 zip entries with a 39 kB pickle;
 * a whole pickled DenseNet-121 has a 148 kB pickle and 430 modules. Exceeding a limit is a
 * coded refusal of kind 'wrong-weights' (exit 3), never an allocation failure.
 */
import { limitValues, type ReaderLimits } from '../../refusal/readerLimits.ts';

const MiB = 2 ** 20;

/** The PyTorch checkpoint reader's limits. */
export const CHECKPOINT_LIMITS = {
  maxFileBytes: {
    value: 2048 * MiB,
    unit: 'bytes per weights file (.pt or .safetensors)',
    why: 'checked before the file is read (the CLI before reading, the app before File.arrayBuffer()): every browser allocates an ArrayBuffer this size, and a float64 Inception-v4 training checkpoint with its Adam state (4 copies, 1.4 GB) still fits; past it: FILE_TOO_LARGE',
  },
  maxZipEntries: {
    value: 100_000,
    unit: 'zip entries listed',
    why: "one entry per storage plus a few: 300x the ResNet-50 archive's 322; the directory is listed before anything is read, so a file listing millions of entries is refused first (TOO_COMPLEX)",
  },
  maxPickleBytes: {
    value: 64 * MiB,
    unit: 'bytes of data.pkl',
    why: "400x the whole pickled DenseNet-121's 148 kB; the pickle is read whole before it is run (past it: TOO_COMPLEX), and PICKLE_LIMITS bounds the work it may then ask for",
  },
  maxInflatedBytes: {
    value: 512 * MiB,
    unit: 'bytes inflated from compressed entries, all entries read together',
    why: 'torch.save never compresses (it stores), so this only admits a checkpoint re-zipped by another tool: 3x Inception-v4 as float32; past it: INFLATE_LIMIT',
  },
  maxInflateRatio: {
    value: 32,
    unit: 'inflated bytes per compressed byte, over all entries read (after the free allowance)',
    why: 'deflate shrinks float weights to no better than about 1.1:1, so 32:1 admits a checkpoint full of zero tensors and stops a deflate bomb (up to 1032:1) 30 times earlier (INFLATE_LIMIT)',
  },
  inflateFreeBytes: {
    value: 16 * MiB,
    unit: 'inflated bytes allowed whatever the ratio',
    why: 'a small pickle or a few zero tensors compress far better than 32:1 and are harmless at this size; the ratio only starts to count past it',
  },
  maxTensorBytes: {
    value: 512 * MiB,
    unit: 'bytes of all tensors once read as float32/int64',
    why: 'summed from the pickle before any storage is read: 3x Inception-v4 as float32; past it: TOO_LARGE',
  },
  maxViewsPerStorage: {
    value: 2,
    unit: 'elements of all tensors per element of the distinct storages they view',
    why: 'a state dict views each storage once (ratio 1) and weights tied under two names view one twice (2); a file that views one storage many times over (a 1 kB file claiming gigabytes, a stride-0 broadcast) stops here with BROADCAST_VIEW',
  },
  maxModuleDepth: {
    value: 100,
    unit: 'levels of nested modules in a pickled nn.Module',
    why: "torchvision's deepest network nests under 10; the walk recurses once per level, so 100 keeps it far from the stack's limit (TOO_COMPLEX)",
  },
  maxModuleNodes: {
    value: 1_000_000,
    unit: 'modules plus dict entries walked in a pickled module tree',
    why: 'each module is walked once (a submodule shared by reference once, not once per path to it, so 41 modules each referring twice to the next are 41, not 2^40); DenseNet-121 has about 2,000, so 500x that (TOO_COMPLEX)',
  },
} as const satisfies ReaderLimits;

/**
 * `CHECKPOINT_LIMITS` as bare numbers, for the command line's file-size check
 * (src/cli/predictFiles.ts), which runs before the reader does.
 */
export const TORCH_LIMITS = limitValues(CHECKPOINT_LIMITS);
