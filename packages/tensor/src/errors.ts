// Error classes named after the Python exceptions PyTorch raises, so messages read (and search) like PyTorch's.

/** PyTorch's RuntimeError: shape mismatches, bad views, autograd misuse. */
export class RuntimeError extends Error {
  override name = 'RuntimeError'
}

/** PyTorch's IndexError: a dim or index out of range. */
export class IndexError extends Error {
  override name = 'IndexError'
}

/** Python's ValueError: an argument with the right type and a wrong value. */
export class ValueError extends Error {
  override name = 'ValueError'
}

/** Python's TypeError: an argument of the wrong kind (named PyTorchTypeError to keep JS's TypeError intact). */
export class PyTorchTypeError extends Error {
  override name = 'TypeError'
}
