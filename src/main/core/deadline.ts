/**
 * Run a request (and the reading of its answer) against a deadline that ends with it.
 * AbortSignal.timeout keeps its timer, and the signal with it, for the whole timeout however
 * soon the request is done: a desk syncing after every chat that ends kept a pile of them.
 * Fails as AbortSignal.timeout does, with a TimeoutError.
 */
export async function withDeadline<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
