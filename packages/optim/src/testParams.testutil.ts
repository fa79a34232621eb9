import { NDArray } from '@descent/tensor'
import { Adagrad } from './Adagrad.js'
import { Adam } from './Adam.js'
import { AdamW } from './AdamW.js'
import type { Optimizer } from './Optimizer.js'
import { RMSprop } from './RMSprop.js'
import { SGD } from './SGD.js'
import type { ParamTensor } from './types.js'

/** The built-in optimisers by PyTorch's class name, as the oracle fixtures name them. */
export const classes: Record<string, new (params: never, options: never) => Optimizer<object>> = {
  SGD,
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
}

/** A float32 parameter (a plain object with `array` and `grad`) for tests that need no autograd. */
export function param(values: ArrayLike<number>, shape: number[] = [values.length]): ParamTensor {
  return { array: new NDArray(Float32Array.from(values), shape, 'float32'), grad: null }
}

/** Sets a parameter's gradient from values (null clears it). */
export function setGrad(p: ParamTensor, values: ArrayLike<number> | null): void {
  p.grad = values === null ? null : { array: new NDArray(Float32Array.from(values), [...p.array.shape], 'float32') }
}

/** A parameter's values as a plain array. */
export function values(p: ParamTensor): number[] {
  return Array.from(p.array.data.subarray(p.array.offset, p.array.offset + p.array.size))
}
