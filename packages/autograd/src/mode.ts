// Global autograd switches: grad mode (torch.no_grad / enable_grad / set_grad_enabled) and inference mode.

/** Mutable so the hot path reads one property; exported read-only through the functions below. */
export const state = { gradEnabled: true, inference: false }

/**
 * Runs `fn` with gradient recording disabled, like `with torch.no_grad():`.
 * https://pytorch.org/docs/1.13/generated/torch.no_grad.html
 * @example
 * noGrad(() => w.sub_(w.grad!.mul(lr)))
 */
export function noGrad<T>(fn: () => T): T {
  const previous = state.gradEnabled
  state.gradEnabled = false
  try {
    return fn()
  } finally {
    state.gradEnabled = previous
  }
}

/**
 * Runs `fn` with gradient recording enabled, even inside `noGrad`, like `with torch.enable_grad():`.
 * https://pytorch.org/docs/1.13/generated/torch.enable_grad.html
 * @example
 * noGrad(() => enableGrad(() => x.mul(2))).requiresGrad // true
 */
export function enableGrad<T>(fn: () => T): T {
  // PyTorch's enable_grad has no effect inside inference mode, whose tensors never record.
  const previous = state.gradEnabled
  state.gradEnabled = !state.inference
  try {
    return fn()
  } finally {
    state.gradEnabled = previous
  }
}

/**
 * Turns gradient recording on or off until changed again, like `torch.set_grad_enabled(flag)`.
 * https://pytorch.org/docs/1.13/generated/torch.set_grad_enabled.html
 * @example
 * setGradEnabled(false); x.mul(2).requiresGrad // false
 */
export function setGradEnabled(flag: boolean): void {
  state.gradEnabled = flag && !state.inference
}

/**
 * Whether operations are recorded for backward now, like `torch.is_grad_enabled()`.
 * https://pytorch.org/docs/1.13/generated/torch.is_grad_enabled.html
 * @example
 * noGrad(() => isGradEnabled()) // false
 */
export function isGradEnabled(): boolean {
  return state.gradEnabled
}

/**
 * Runs `fn` in inference mode, like `with torch.inference_mode():`: nothing is recorded and every tensor made
 * inside is an inference tensor, which autograd later refuses to save or update in place.
 * https://pytorch.org/docs/1.13/generated/torch.inference_mode.html
 * @example
 * const y = inferenceMode(() => model.call(x))
 * y.requiresGrad // false
 */
export function inferenceMode<T>(fn: () => T, mode = true): T {
  const previousGrad = state.gradEnabled
  const previousInference = state.inference
  state.inference = mode
  if (mode) state.gradEnabled = false
  try {
    return fn()
  } finally {
    state.gradEnabled = previousGrad
    state.inference = previousInference
  }
}

/**
 * Whether inference mode is on, like `torch.is_inference_mode_enabled()`.
 * https://pytorch.org/docs/1.13/generated/torch.is_inference_mode_enabled.html
 * @example
 * inferenceMode(() => isInferenceModeEnabled()) // true
 */
export function isInferenceModeEnabled(): boolean {
  return state.inference
}
