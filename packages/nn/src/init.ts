// torch.nn.init: in-place initialisers that draw from the torch-compatible generator, without recording gradients.
import { type Tensor, noGrad } from '@descent/autograd'
import { type Generator, ValueError, warn } from '@descent/tensor'

export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu'

const LINEAR_FNS = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'])

/**
 * The recommended gain for a nonlinearity (leaky_relu's `param` is its negative slope, 0.01 by default).
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.calculate_gain
 * @example
 * calculateGain('tanh') // 5/3
 * calculateGain('leaky_relu', Math.sqrt(5)) // sqrt(1/3)
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (LINEAR_FNS.has(nonlinearity) || nonlinearity === 'sigmoid') return 1
  if (nonlinearity === 'tanh') return 5.0 / 3
  if (nonlinearity === 'relu') return Math.sqrt(2.0)
  if (nonlinearity === 'leaky_relu') {
    if (param !== undefined && (typeof param !== 'number' || Number.isNaN(param))) {
      throw new ValueError(`negative_slope ${param} not a valid number`)
    }
    const slope = param ?? 0.01
    return Math.sqrt(2.0 / (1 + slope ** 2))
  }
  if (nonlinearity === 'selu') return 3.0 / 4
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`)
}

/** fan_in and fan_out of a weight of shape [out, in, ...receptive field]. */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  const shape = tensor.shape
  if (shape.length < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions')
  let receptive = 1
  for (const d of shape.slice(2)) receptive *= d
  return [shape[1]! * receptive, shape[0]! * receptive]
}

function correctFan(tensor: Tensor, mode: 'fan_in' | 'fan_out'): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ValueError(`Mode ${mode} not supported, please use one of fan_in, fan_out`)
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor)
  return mode === 'fan_in' ? fanIn : fanOut
}

/**
 * Fills `tensor` in place with draws from U(a, b).
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.uniform_
 * @example
 * uniform_(w, -0.1, 0.1)
 */
export function uniform_(tensor: Tensor, a = 0, b = 1, generator?: Generator): Tensor {
  return noGrad(() => tensor.uniform_(a, b, { generator }))
}

/**
 * Fills `tensor` in place with draws from N(mean, std²).
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.normal_
 * @example
 * normal_(w, 0, 0.02)
 */
export function normal_(tensor: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  return noGrad(() => tensor.normal_(mean, std, { generator }))
}

/**
 * Fills `tensor` in place with `val`.
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.constant_
 * @example
 * constant_(bias, 0.1)
 */
export function constant_(tensor: Tensor, val: number): Tensor {
  return noGrad(() => tensor.fill_(val))
}

/**
 * Fills `tensor` in place with zeros.
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.zeros_
 * @example
 * zeros_(linear.bias)
 */
export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0)
}

/**
 * Fills `tensor` in place with ones.
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.ones_
 * @example
 * ones_(linear.weight)
 */
export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1)
}

/** The options of `kaimingUniform_` and `kaimingNormal_`, PyTorch's names and defaults. */
export interface KaimingOptions {
  a?: number
  mode?: 'fan_in' | 'fan_out'
  nonlinearity?: Nonlinearity
  generator?: Generator
}

/** Kaiming's std = gain / √fan, or null (after PyTorch's warning) for a zero-element tensor, which stays as it is. */
function kaimingStd(
  tensor: Tensor,
  { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' }: KaimingOptions,
): number | null {
  if (tensor.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op')
    return null
  }
  const fan = correctFan(tensor, mode)
  return calculateGain(nonlinearity, a) / Math.sqrt(fan)
}

/**
 * He initialisation: U(-bound, bound) with bound = gain·√(3 / fan), the draw Linear's weights use (a = √5).
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.kaiming_uniform_
 * @example
 * kaimingUniform_(w, { a: Math.sqrt(5) })
 */
export function kaimingUniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd(tensor, options)
  if (std === null) return tensor
  const bound = Math.sqrt(3.0) * std
  return uniform_(tensor, -bound, bound, options.generator)
}

/**
 * He initialisation from N(0, std²) with std = gain / √fan.
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.kaiming_normal_
 * @example
 * kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingNormal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd(tensor, options)
  if (std === null) return tensor
  return normal_(tensor, 0, std, options.generator)
}

/**
 * Glorot initialisation: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)).
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.xavier_uniform_
 * @example
 * xavierUniform_(w, calculateGain('tanh'))
 */
export function xavierUniform_(tensor: Tensor, gain = 1, generator?: Generator): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor)
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut))
  const a = Math.sqrt(3.0) * std
  return uniform_(tensor, -a, a, generator)
}

/**
 * Glorot initialisation from N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).
 * @see https://pytorch.org/docs/1.13/nn.init.html#torch.nn.init.xavier_normal_
 * @example
 * xavierNormal_(w)
 */
export function xavierNormal_(tensor: Tensor, gain = 1, generator?: Generator): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor)
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)), generator)
}
