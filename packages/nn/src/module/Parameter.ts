import { Tensor } from '@descent/autograd'
import { NDArray } from '@descent/tensor'

/**
 * A Tensor that a Module registers as one of its parameters: assigned as a field it shows up in `parameters()`
 * and `stateDict()`. It shares storage with the data it wraps and requires grad unless told otherwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.parameter.Parameter.html
 * @example
 * const w = new Parameter(randn([3, 2]))
 * w.requiresGrad // true
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor | NDArray, requiresGrad = true) {
    const array = data === undefined ? new NDArray(new Float32Array(0), [0], 'float32') : data instanceof NDArray ? data : data.array
    super(array)
    // torch's Parameter is `data.detach()` made a parameter: the same storage and the same version counter
    if (data instanceof Tensor) this._vc = data._vc
    this.requiresGrad = requiresGrad
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`
  }
}
