import type { Tensor } from '@descent/autograd'
import { Module } from '../module/Module.js'
import { type Reduction, checkReduction } from './reduction.js'

/** The base of the loss modules: holds `reduction`, checked when the loss is built. */
export abstract class Loss extends Module {
  readonly reduction: Reduction
  constructor(reduction: Reduction = 'mean') {
    super()
    checkReduction(reduction)
    this.reduction = reduction
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor
}
