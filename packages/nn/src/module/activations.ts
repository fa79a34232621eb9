import type { Tensor } from '@descent/autograd'
import { Module } from './Module.js'

/**
 * max(0, x), elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.ReLU.html
 * @example
 * new ReLU().call(tensor([-1, 2])) // tensor([0., 2.])
 */
export class ReLU extends Module {
  forward(input: Tensor): Tensor {
    return input.relu()
  }
}

/**
 * 1 / (1 + e⁻ˣ), elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Sigmoid.html
 * @example
 * new Sigmoid().call(tensor([0])) // tensor([0.5000])
 */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return input.sigmoid()
  }
}

/**
 * tanh(x), elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Tanh.html
 * @example
 * new Tanh().call(tensor([0])) // tensor([0.])
 */
export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return input.tanh()
  }
}

/**
 * Returns its input unchanged.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Identity.html
 * @example
 * new Identity().call(x) === x
 */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input
  }
}

/**
 * Flattens dims startDim..endDim into one (by default all but the batch dim).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Flatten.html
 * @example
 * new Flatten().call(zeros([2, 3, 4])).shape // [2, 12]
 */
export class Flatten extends Module {
  readonly startDim: number
  readonly endDim: number
  constructor(startDim = 1, endDim = -1) {
    super()
    this.startDim = startDim
    this.endDim = endDim
  }
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim)
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`
  }
}
