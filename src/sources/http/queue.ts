import PQueue from 'p-queue';
import { sleep } from './retry.js';

/** How many requests one source may have in flight and how many it may start per interval. */
export interface QueueOptions {
  /** Requests in flight at once. @default 4 */
  concurrency: number;
  /** Requests started in any sliding `interval`. @default 10 */
  intervalCap: number;
  /** Length of the sliding window in ms. @default 1000 */
  interval: number;
}

export const DEFAULT_QUEUE: QueueOptions = { concurrency: 4, intervalCap: 10, interval: 1000 };

/** Queue options for a rate in requests per second (fractions allowed: 0.5 is one per 2 s). */
export function rateOptions(concurrency: number, ratePerSecond: number): QueueOptions {
  if (!(ratePerSecond > 0)) throw new RangeError('rate must be a positive number');
  // One request per slot, evenly spaced: a burst of a whole second's budget at once would
  // arrive at the server bunched by network jitter and could look like more than the limit.
  return { concurrency, intervalCap: 1, interval: Math.ceil(1000 / ratePerSecond) };
}

/**
 * One source's request queue: p-queue in strict (sliding-window) mode, so the rate holds over
 * any window, plus a hold that stops every new request of the source until a server's
 * `Retry-After` has passed. Each task is a single HTTP attempt; waits between attempts happen
 * outside the queue so they never occupy a slot.
 */
export class SourceQueue {
  private readonly queue: PQueue;
  private holdUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly options: QueueOptions = DEFAULT_QUEUE) {
    this.queue = new PQueue({ ...options, strict: true });
  }

  /** Runs one attempt when the source is not on hold and the rate allows it. */
  async run<T>(attempt: () => Promise<T>): Promise<T> {
    return this.queue.add(async () => {
      // A hold set after this task was started still applies to it.
      const left = this.holdUntil - Date.now();
      if (left > 0) await sleep(left);
      return attempt();
    });
  }

  /** Stops starting requests until `until` (epoch ms); a shorter hold never cuts a longer one. */
  hold(until: number): void {
    if (until <= this.holdUntil) return;
    this.holdUntil = until;
    this.queue.pause();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.queue.start(), Math.max(0, until - Date.now()));
  }

  /** Resolves when every queued attempt has finished. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }

  close(): void {
    clearTimeout(this.timer);
    this.queue.clear();
  }
}
