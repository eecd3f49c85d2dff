/**
 * PyTorch's hard-sigmoid and hard-swish as tf.layers, registered for (de)serialisation.
 *
 * Why custom: tfjs's built-in 'hardSigmoid' is the Keras one, clip(0.2x + 0.5, 0, 1), whereas
 * PyTorch `Hardsigmoid` (MobileNetV3's SE gate) is relu6(x + 3) / 6 = clip(x/6 + 0.5, 0, 1), and
 * tfjs has no hard-swish at all. Replacing these with the built-ins silently breaks the weights.
 */
import * as tf from '@tensorflow/tfjs';

/** relu6(x + 3) / 6, PyTorch `nn.Hardsigmoid`. */
function hardSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.div(tf.relu6(tf.add(x, 3)), 6);
}

const single = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x === undefined) throw new Error('expected one input');
  return x;
};

/** PyTorch `nn.Hardsigmoid` layer. */
export class PtHardSigmoid extends tf.layers.Layer {
  static readonly className = 'PtHardSigmoid';

  /**
   * @param inputs one tensor
   * @returns relu6(x + 3) / 6
   */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => hardSigmoid(single(inputs)));
  }
}

/** PyTorch `nn.Hardswish` layer: x * relu6(x + 3) / 6. */
export class PtHardSwish extends tf.layers.Layer {
  static readonly className = 'PtHardSwish';

  /**
   * @param inputs one tensor
   * @returns x * relu6(x + 3) / 6
   */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.mul(x, hardSigmoid(x));
    });
  }
}

tf.serialization.registerClass(PtHardSigmoid);
tf.serialization.registerClass(PtHardSwish);
