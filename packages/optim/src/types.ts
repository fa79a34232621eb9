import type { NDArray } from '@descent/tensor'

/**
 * What an optimiser needs from a parameter: its storage and its gradient. `@descent/autograd`'s `Tensor`
 * satisfies it, so optim reads and writes `param.array` directly, as PyTorch's `torch.no_grad()` updates do.
 */
export interface ParamTensor {
  readonly array: NDArray
  grad: GradTensor | null
  /** When present and false, the tensor is not a leaf and cannot be optimised (PyTorch's rule). */
  readonly isLeaf?: boolean
  /** A non-leaf that retains its gradient may be optimised, as in PyTorch. */
  readonly retainsGrad?: boolean
  /** Records an in-place change of `array` (autograd's version counter); optimisers call it after each update. */
  incrementVersion?(): void
}

/** A gradient: anything with an `array` (an autograd `Tensor` is one). */
export interface GradTensor {
  readonly array: NDArray
  /** Records an in-place change of `array`, as for a parameter (`zeroGrad` zeroes a gradient in place). */
  incrementVersion?(): void
}

/** One entry of per-parameter state: a buffer, a step count, or PyTorch's `None` (SGD without momentum). */
export type StateValue = NDArray | number | null

/** Per-parameter state, keyed by camelCase versions of PyTorch's names (`momentumBuffer`, `expAvg`, `step`). */
export type ParamState = Record<string, StateValue>

/** A parameter group as the optimiser holds it: the parameters and every option, defaults filled in. */
export type ParamGroup<O> = O & { params: ParamTensor[]; initialLr?: number }

/** A parameter group as given to the constructor or `addParamGroup`: parameters plus options that override defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: ParamTensor | Iterable<ParamTensor> }

/** The argument of an optimiser's constructor: parameters, or groups of parameters with their own options. */
export type Params<O> = Iterable<ParamTensor> | Iterable<ParamGroupInput<O>>

/**
 * PyTorch's optimizer `state_dict()` layout: state keyed by parameter index (the order of the parameters over all
 * groups), and groups whose `params` are those indices.
 */
export interface OptimizerStateDict<O = Record<string, unknown>> {
  state: Record<number, ParamState>
  paramGroups: Array<O & { params: number[] }>
}

/** A closure that re-evaluates the model and returns the loss, as passed to `step(closure)`. */
export type Closure = () => number | { item(): number } | undefined
