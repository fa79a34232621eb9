import { type Tensor, zeros } from '@descent/autograd'
import type { DType, Generator } from '@descent/tensor'
import { kaimingUniform_, calculateFanInAndFanOut, uniform_ } from '../init.js'
import { linear } from '../functional/linear.js'
import { Module } from './Module.js'
import { Parameter } from './Parameter.js'

/**
 * y = x Wᵀ + b, with W of shape [outFeatures, inFeatures]. Initialised as PyTorch does (kaiming uniform with
 * a = √5, bias from U(-1/√inFeatures, 1/√inFeatures)) from the torch-compatible generator, so after
 * `manualSeed(n)` the weights equal `torch.nn.Linear`'s.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Linear.html
 * @example
 * manualSeed(42); const lin = new Linear(3, 2)
 * lin.call(randn([4, 3])).shape // [4, 2]
 */
export class Linear extends Module {
  readonly inFeatures: number
  readonly outFeatures: number
  weight: Parameter
  bias: Parameter | null

  constructor(
    inFeatures: number,
    outFeatures: number,
    { bias = true, dtype = 'float32', generator }: { bias?: boolean; dtype?: DType; generator?: Generator } = {},
  ) {
    super()
    this.inFeatures = inFeatures
    this.outFeatures = outFeatures
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }))
    this.bias = bias ? new Parameter(zeros([outFeatures], { dtype })) : null
    this.resetParameters(generator)
  }

  /** Draws fresh weights and bias exactly as `torch.nn.Linear.reset_parameters` does. */
  resetParameters(generator?: Generator): void {
    // kaiming_uniform_ with a = √5 is U(-1/√fan_in, 1/√fan_in); PyTorch keeps this form for its random stream.
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator })
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight)
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0
      uniform_(this.bias, -bound, bound, generator)
    }
  }

  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias)
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`
  }
}
