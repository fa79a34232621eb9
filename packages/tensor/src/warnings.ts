/** A warning as Python's `warnings.warn` would show it: its category and message. */
export interface Warning {
  category: 'UserWarning' | 'DeprecationWarning'
  message: string
}

type WarningHandler = (warning: Warning) => void

const seen = new Set<string>()
// Python's default filter shows each distinct warning once; so does ours.
let handler: WarningHandler = (w) => {
  const key = `${w.category}: ${w.message}`
  if (seen.has(key)) return
  seen.add(key)
  process.emitWarning(w.message, w.category)
}

/** Emits a warning through the current handler (by default `process.emitWarning`, once per distinct message). */
export function warn(message: string, category: Warning['category'] = 'UserWarning'): void {
  handler({ category, message })
}

/** Replaces the warning handler and returns the previous one; tests and the replay CLI use it to capture warnings. */
export function setWarningHandler(next: WarningHandler): WarningHandler {
  const previous = handler
  handler = next
  return previous
}

/** Runs `fn` and returns its result with every warning it emitted, like Python's `warnings.catch_warnings(record=True)`. */
export function catchWarnings<T>(fn: () => T): { result: T; warnings: Warning[] } {
  const warnings: Warning[] = []
  const previous = setWarningHandler((w) => warnings.push(w))
  try {
    return { result: fn(), warnings }
  } finally {
    setWarningHandler(previous)
  }
}
