import { ValueError, warn } from '@descent/tensor'
import { type AnyOptimizer, EPOCH_DEPRECATION_WARNING, checkOptimizer, schedulerState } from './LRScheduler.js'

/** ReduceLROnPlateau's options, PyTorch's names in camelCase. */
export interface ReduceLROnPlateauOptions {
  mode: 'min' | 'max'
  factor: number
  patience: number
  threshold: number
  thresholdMode: 'rel' | 'abs'
  cooldown: number
  minLr: number | number[]
  eps: number
}

/**
 * Multiplies the learning rates by `factor` once a metric has stopped improving for `patience` epochs.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
 *
 * @example
 * const scheduler = new ReduceLROnPlateau(optimizer, { patience: 5 })
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(validationLoss()) }
 */
export class ReduceLROnPlateau {
  readonly optimizer: AnyOptimizer
  mode: 'min' | 'max'
  factor: number
  patience: number
  threshold: number
  thresholdMode: 'rel' | 'abs'
  cooldown: number
  minLrs: number[]
  eps: number
  cooldownCounter = 0
  best = 0
  numBadEpochs = 0
  modeWorse = 0
  lastEpoch = 0
  protected lastLr: number[] = []

  constructor(optimizer: AnyOptimizer, options: Partial<ReduceLROnPlateauOptions> = {}) {
    const o: ReduceLROnPlateauOptions = {
      mode: 'min',
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      thresholdMode: 'rel',
      cooldown: 0,
      minLr: 0,
      eps: 1e-8,
      ...options,
    }
    if (o.factor >= 1.0) throw new ValueError('Factor should be < 1.0.')
    checkOptimizer(optimizer)
    const groups = optimizer.paramGroups.length
    if (Array.isArray(o.minLr) && o.minLr.length !== groups) {
      throw new ValueError(`expected ${groups} min_lrs, got ${o.minLr.length}`)
    }
    this.optimizer = optimizer
    this.factor = o.factor
    this.minLrs = Array.isArray(o.minLr) ? [...o.minLr] : Array.from({ length: groups }, () => o.minLr as number)
    this.patience = o.patience
    this.cooldown = o.cooldown
    this.eps = o.eps
    this.mode = o.mode
    this.threshold = o.threshold
    this.thresholdMode = o.thresholdMode
    this.initIsBetter()
    this.reset()
  }

  private initIsBetter(): void {
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`mode ${this.mode} is unknown!`)
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new ValueError(`threshold mode ${this.thresholdMode} is unknown!`)
    }
    this.modeWorse = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
  }

  private reset(): void {
    this.best = this.modeWorse
    this.cooldownCounter = 0
    this.numBadEpochs = 0
  }

  /** True while the scheduler waits out its cooldown after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0
  }

  /** Whether metric `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold)
    if (this.mode === 'min') return a < best - this.threshold
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1)
    return a > best + this.threshold
  }

  /**
   * Records one epoch's metric (a number or anything with `item()`, like a 0-d tensor) and reduces the learning
   * rates when it has stalled.
   *
   * @example
   * scheduler.step(valLoss)
   * scheduler.getLastLr() // [0.01]
   */
  step(metrics: number | { item(): number }, epoch?: number): void {
    const current = typeof metrics === 'number' ? metrics : metrics.item()
    if (epoch === undefined) epoch = this.lastEpoch + 1
    else warn(EPOCH_DEPRECATION_WARNING)
    this.lastEpoch = epoch
    if (this.isBetter(current, this.best)) {
      this.best = current
      this.numBadEpochs = 0
    } else this.numBadEpochs++
    if (this.inCooldown) {
      this.cooldownCounter--
      // bad epochs during the cooldown do not count
      this.numBadEpochs = 0
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr()
      this.cooldownCounter = this.cooldown
      this.numBadEpochs = 0
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr as number)
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr as number
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!)
      if (oldLr - newLr > this.eps) group.lr = newLr
    })
  }

  /** The learning rates after the last `step()`, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr]
  }

  /** The scheduler's fields, the optimiser excluded. */
  stateDict(): Record<string, unknown> {
    return schedulerState(this)
  }

  /** Restores fields saved by `stateDict()`. */
  loadStateDict(stateDict: Record<string, unknown>): void {
    Object.assign(this, structuredClone(stateDict))
    this.initIsBetter()
  }
}
