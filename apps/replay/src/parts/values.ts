import type { Tensor } from '@descent/autograd'

/** A float tensor's single value (`t.item()` is typed number | boolean for bool tensors). */
export const num = (t: Tensor): number => t.item() as number

/** A 1-d float tensor's values (`t.tolist()`). */
export const nums = (t: Tensor): number[] => t.tolist() as number[]
