/**
 * Data: one plain sentence per reason a PyTorch checkpoint is refused (what is wrong, what to do).
 * `TorchCheckpointError` (the file cannot be read) and `CheckpointModelError` (it is read, but is
 * not a network this app builds, or not the one asked for) take their sentence from here and keep
 * their own text as the detail, so the X-ray panel, the worker and the command line say the same.
 * Pure; type imports only, so the error modules can import these tables.
 */
import type { CheckpointModelErrorCode } from './loadCheckpoint.ts';
import type { TorchErrorCode } from './torchErrors.ts';

const DAMAGED = 'download it again, or save it again with torch.save.';

/** The file cannot be read safely and completely. */
export const TORCH_SENTENCES: Readonly<Record<TorchErrorCode, string>> = {
  TRUNCATED: 'This checkpoint file is incomplete (cut short); download it again.',
  BAD_MAGIC: 'This is not a PyTorch checkpoint (.pt/.pth); choose the file torch.save wrote.',
  BAD_ZIP: 'This checkpoint archive is damaged; download it again.',
  BAD_PICKLE: 'This checkpoint is damaged (its pickle cannot be read); download it again.',
  UNSAFE_GLOBAL:
    'This file asks to run code, which a PyTorch checkpoint never needs; it was refused and nothing ran.',
  UNSUPPORTED_DTYPE:
    'This checkpoint holds tensors of a type that cannot be read here (only float32, float16, bfloat16, float64 and int64); save the weights as float32.',
  OUT_OF_BOUNDS: `This checkpoint is damaged: a tensor reaches past the end of its data; ${DAMAGED}`,
  MISSING_STORAGE: `This checkpoint is damaged: a tensor refers to data the file lacks; ${DAMAGED}`,
  NO_STATE_DICT:
    "This file holds no model weights (no state dict or module in it); save the model's state_dict with torch.save.",
  UNSUPPORTED_FORMAT:
    'This is a PyTorch file of a kind not read here (TorchScript or big-endian); save the state dict with torch.save.',
  TOO_COMPLEX:
    "This checkpoint's object structure is far larger than any model's (a crafted file?), so it was not read; save the model's state_dict with torch.save.",
  INFLATE_LIMIT:
    'This checkpoint holds compressed data that expands far beyond its stated size (a zip bomb?), so it was not unpacked; save the model again with torch.save, which does not compress.',
  BROADCAST_VIEW:
    'This checkpoint has a tensor with more values than the data it is stored in (a broadcast or overlapping view), so it was not expanded; save the weights with .contiguous() tensors, e.g. a fresh state_dict.',
  TOO_LARGE:
    'This checkpoint holds far more tensor data than any of the 16 architectures needs, so it was not read; save only the state_dict of one model.',
};

/** The file is read, but cannot become the model asked for. */
export const CHECKPOINT_MODEL_SENTENCES: Readonly<Record<CheckpointModelErrorCode, string>> = {
  UNKNOWN_NETWORK:
    'This checkpoint is none of the 16 architectures this app builds, so nothing was loaded; choose a checkpoint of one of them.',
  INCOMPLETE:
    'This checkpoint lacks tensors its network needs (a partial or modified model), so nothing was loaded; choose the complete checkpoint.',
  NOT_THAT_MODEL:
    'This checkpoint does not fit the TorchXRayVision model it was loaded as, so nothing was loaded; name the weight set that matches the file, or none.',
  WRONG_ARCH:
    'This checkpoint holds another architecture than the one asked for, so nothing was loaded; ask for the architecture it holds, or none.',
  NOT_ONE_CHANNEL:
    "This checkpoint is not a grey-input (1-channel) chest X-ray network like TorchXRayVision's, so it cannot start an in-domain run and nothing was loaded; choose a 1-channel chest X-ray checkpoint.",
  NO_OUTPUTS:
    "This checkpoint's classifier has no outputs, so no model can be built from it and nothing was loaded; choose the checkpoint of a trained model.",
  INPUT_CHANNELS:
    "This checkpoint's network takes neither grey (1-channel) nor colour (3-channel) images, so no image can be fed to it and nothing was loaded; choose an image model's checkpoint.",
};
