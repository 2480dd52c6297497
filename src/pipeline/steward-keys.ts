/** What a steward can answer for one pair in `dedupe review`. */
export type ReviewAction = 'match' | 'no-match' | 'skip' | 'quit';

/** One key each; Ctrl-C and Ctrl-D quit like `q` (raw mode turns them into plain bytes). */
const KEYS: Record<string, ReviewAction> = {
  m: 'match',
  n: 'no-match',
  s: 'skip',
  q: 'quit',
  '\u0003': 'quit',
  '\u0004': 'quit',
};

/** The action of one key press, or null for a key that means nothing here. */
export function keyAction(key: string): ReviewAction | null {
  return KEYS[key.toLowerCase()] ?? KEYS[key] ?? null;
}

/** The part of `process.stdin` a key session needs; a fake stream can stand in for tests. */
export interface KeyInput {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface KeySession {
  /** Resolves with the next key that means an action; unknown keys are ignored. */
  next(): Promise<ReviewAction>;
  /** Puts the terminal back as it was; safe to call more than once. */
  close(): void;
}

/**
 * Puts the terminal in raw mode so that one key press answers, without Enter. The previous
 * mode comes back on `close()`, and also on exit, SIGINT or SIGTERM, so a steward
 * is never left with a terminal that does not echo.
 */
export function openKeySession(input: KeyInput, proc: NodeJS.EventEmitter = process): KeySession {
  const wasRaw = input.isRaw === true;
  const pending: ReviewAction[] = [];
  let waiter: ((a: ReviewAction) => void) | null = null;
  let closed = false;

  const push = (action: ReviewAction): void => {
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(action);
    } else pending.push(action);
  };
  const onData = (chunk: Buffer | string): void => {
    for (const ch of chunk.toString()) {
      const action = keyAction(ch);
      if (action) push(action);
    }
  };
  const onEnd = (): void => push('quit');
  const close = (): void => {
    if (closed) return;
    closed = true;
    input.off('data', onData);
    input.off('end', onEnd);
    input.setRawMode?.(wasRaw);
    input.pause();
    proc.off('exit', close);
    proc.off('SIGTERM', close);
    proc.off('SIGINT', close);
    // A review waiting for a key ends as if the steward had pressed q.
    push('quit');
  };
  input.setRawMode?.(true);
  input.on('data', onData);
  input.on('end', onEnd);
  input.resume();
  proc.on('exit', close);
  proc.on('SIGTERM', close);
  proc.on('SIGINT', close);
  return {
    next: () =>
      pending.length > 0
        ? Promise.resolve(pending.shift() as ReviewAction)
        : closed
          ? Promise.resolve('quit')
          : new Promise((resolve) => (waiter = resolve)),
    close,
  };
}
