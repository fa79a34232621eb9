import { PyTorchTypeError, ValueError, warn } from '@descent/tensor'
import { Optimizer } from '../Optimizer.js'

// biome-ignore lint/suspicious/noExplicitAny: a scheduler drives an optimiser of any option type
export type AnyOptimizer = Optimizer<any>

const EPOCH_DEPRECATION_WARNING =
  'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.'

export { EPOCH_DEPRECATION_WARNING }

/** Throws PyTorch's TypeError unless `optimizer` is an `Optimizer`. */
export function checkOptimizer(optimizer: unknown): void {
  if (!(optimizer instanceof Optimizer)) {
    const name = (optimizer as object | null)?.constructor?.name ?? 'NoneType'
    throw new PyTorchTypeError(`${name} is not an Optimizer`)
  }
}

/** A scheduler's fields, copied, but for the optimiser and functions (LambdaLR's lambdas are code, not state). */
export function schedulerState(scheduler: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(scheduler)) {
    if (key === 'optimizer' || typeof value === 'function') continue
    if (Array.isArray(value) && value.some((v) => typeof v === 'function')) continue
    out[key] = structuredClone(value)
  }
  return out
}

/**
 * The base of the epoch-indexed schedulers (PyTorch's `_LRScheduler`): it keeps `baseLrs` and `lastEpoch`, writes
 * `getLr()` into every group's `lr` on `step()`, and warns when it steps before the optimiser has. A subclass sets
 * its own fields after `super(...)`, then calls `this.initialStep()` (PyTorch's constructor does that step).
 * See https://pytorch.org/docs/1.13/optim.html#how-to-adjust-learning-rate
 *
 * @example
 * class Halve extends LRScheduler { constructor(o) { super(o); this.initialStep() } getLr() { ... } }
 * const scheduler = new Halve(optimizer)
 */
export abstract class LRScheduler {
  readonly optimizer: AnyOptimizer
  /** Each group's `initialLr` when the scheduler was created. */
  baseLrs: number[]
  /** The epoch of the last `step()`, -1 before the constructor's own step. */
  lastEpoch: number
  /** How many times `step()` has run, the constructor's step included (PyTorch's `_step_count`). */
  stepCount = 0
  protected lastLr: number[] = []
  protected getLrCalledWithinStep = false

  constructor(optimizer: AnyOptimizer, lastEpoch = -1) {
    checkOptimizer(optimizer)
    this.optimizer = optimizer
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) group.initialLr ??= group.lr
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new ValueError(
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`,
          )
        }
      })
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number)
    this.lastEpoch = lastEpoch
  }

  /** The constructor's first step; subclasses call it once their fields are set. */
  protected initialStep(): void {
    this.optimizer.stepCount = 0
    this.stepCount = 0
    this.step()
  }

  /** The learning rates for `lastEpoch`, chained from the groups' current ones. */
  abstract getLr(): number[]

  /** The learning rates for `lastEpoch` computed from `baseLrs` alone, used by `step(epoch)` when defined. */
  protected closedFormLr?(): number[]

  /** Warns as PyTorch does when `getLr()` is called outside `step()`. */
  protected warnOutsideStep(): void {
    if (!this.getLrCalledWithinStep) {
      warn('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.')
    }
  }

  /**
   * Advances one epoch (or jumps to `epoch`, deprecated) and writes the new learning rates into the groups.
   * See https://pytorch.org/docs/1.13/optim.html#how-to-adjust-learning-rate
   *
   * @example
   * optimizer.step()
   * scheduler.step()
   */
  step(epoch?: number): void {
    if (this.stepCount === 1 && this.optimizer.stepCount < 1) {
      warn(
        'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
      )
    }
    this.stepCount++
    let values: number[]
    this.getLrCalledWithinStep = true
    try {
      if (epoch === undefined) {
        this.lastEpoch++
        values = this.getLr()
      } else {
        warn(EPOCH_DEPRECATION_WARNING)
        this.lastEpoch = epoch
        values = this.closedFormLr ? this.closedFormLr() : this.getLr()
      }
    } finally {
      this.getLrCalledWithinStep = false
    }
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]
    })
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr as number)
  }

  /**
   * The learning rates the last `step()` set, one per group.
   * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.StepLR.html
   *
   * @example
   * scheduler.step()
   * scheduler.getLastLr() // [0.01]
   */
  getLastLr(): number[] {
    return [...this.lastLr]
  }

  /**
   * The scheduler's fields, the optimiser excluded (PyTorch's `state_dict()`).
   *
   * @example
   * const saved = scheduler.stateDict()
   * resumed.loadStateDict(saved)
   */
  stateDict(): Record<string, unknown> {
    return schedulerState(this)
  }

  /** Restores fields saved by `stateDict()`. */
  loadStateDict(stateDict: Record<string, unknown>): void {
    Object.assign(this, structuredClone(stateDict))
  }
}
