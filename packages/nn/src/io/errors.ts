/** Python's `pickle.UnpicklingError`: a pickle that is malformed or asks for something a weights-only load refuses. */
export class UnpicklingError extends Error {
  override name = 'UnpicklingError'
}

/** The safetensors library's `SafetensorError`: a header or buffer that breaks the format's rules. */
export class SafetensorError extends Error {
  override name = 'SafetensorError'
}

/** Python's KeyError, which torch.nn raises for bad parameter, buffer and module names. */
export class KeyError extends Error {
  override name = 'KeyError'
}
