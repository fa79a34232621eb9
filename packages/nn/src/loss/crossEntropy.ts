import { type Tensor, where } from '@descent/autograd'
import { RuntimeError, sameShape } from '@descent/tensor'
import { Loss } from './Loss.js'
import { type NLLOptions, classWeight, nllLoss, targetMask } from './nllLoss.js'
import { checkReduction } from './reduction.js'

export interface CrossEntropyOptions extends NLLOptions {
  labelSmoothing?: number
}

const scalarName = (dtype: string) => ({ float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' })[dtype] ?? dtype

/**
 * Cross entropy between logits and targets given as class indices (int64, like nll_loss of log_softmax) or as
 * class probabilities (a float tensor shaped like the input); `labelSmoothing` mixes the targets with the
 * uniform distribution.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.cross_entropy.html
 * @example
 * crossEntropy(tensor([[2, 0, -1]]), tensor([0])) // tensor(0.1698)
 * crossEntropy(logits, probs, { labelSmoothing: 0.1 })
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0.0 }: CrossEntropyOptions = {},
): Tensor {
  checkReduction(reduction)
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`)
  }
  const classDim = input.ndim === 1 ? 0 : 1
  const classes = input.shape[classDim]!
  if (sameShape(input.shape, target.shape)) {
    // Class probabilities.
    if (target.dtype !== 'float32' && target.dtype !== 'float64') {
      throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${scalarName(target.dtype)}`)
    }
    if (ignoreIndex >= 0) throw new RuntimeError('ignore_index is not supported for floating point target')
    if (weight !== null && (weight.ndim !== 1 || weight.numel() !== classes)) {
      throw new RuntimeError(
        `cross_entropy: weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
      )
    }
    const logp = input.logSoftmax(classDim)
    const t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target
    let prod = logp.mul(t)
    if (weight !== null) prod = prod.mul(classWeight(weight, input.ndim))
    if (reduction === 'none') return prod.sum(classDim).neg()
    if (reduction === 'sum') return prod.sum().neg()
    return prod.sum().neg().div(input.numel() / classes)
  }
  const logp = input.logSoftmax(classDim)
  const nll = nllLoss(logp, target, { weight, ignoreIndex, reduction })
  if (labelSmoothing === 0) return nll
  // Label smoothing over class indices: PyTorch adds the mean of -log p over all classes, ignored targets masked.
  const smooth = (weight !== null ? logp.mul(classWeight(weight, input.ndim)) : logp).sum(classDim).neg()
  const { totalWeight } = targetMask(logp, target, weight, ignoreIndex)
  const ignored = target.eq(ignoreIndex)
  const kept = where(ignored, 0, smooth)
  let ret: Tensor
  if (reduction === 'mean') ret = kept.sum().div(totalWeight)
  else if (reduction === 'sum') ret = kept.sum()
  else ret = kept
  return nll.mul(1 - labelSmoothing).add(ret.mul(labelSmoothing / classes))
}

/**
 * Cross entropy as a module; `weight` is saved as a buffer.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CrossEntropyLoss.html
 * @example
 * const lossFn = new CrossEntropyLoss({ labelSmoothing: 0.1 })
 * lossFn.call(model.call(x), labels).backward()
 */
export class CrossEntropyLoss extends Loss {
  declare weight: Tensor | null
  readonly ignoreIndex: number
  readonly labelSmoothing: number
  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0.0 }: CrossEntropyOptions = {}) {
    super(reduction)
    this.registerBuffer('weight', weight)
    this.ignoreIndex = ignoreIndex
    this.labelSmoothing = labelSmoothing
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    })
  }
}
