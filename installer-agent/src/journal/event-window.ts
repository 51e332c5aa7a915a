/** The most recent events kept in memory, bounded by count and by text size; older pages come from disk. */
import type { AgentEvent } from '../protocol/events';

function weight(event: AgentEvent): number {
  return 64 + (event.kind === 'line' ? event.text.length : (event.message?.length ?? 0));
}

/** A contiguous run of events ending at the newest one. */
export class EventWindow {
  private events: AgentEvent[] = [];
  private head = 0;
  private weightSum = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxWeight: number,
  ) {}

  /** Appends the newest event (its seq must follow the previous one) and drops the oldest beyond the bounds. */
  push(event: AgentEvent): void {
    const last = this.events.at(-1);
    if (this.size > 0 && last && last.seq + 1 !== event.seq) this.clear();
    this.events.push(event);
    this.weightSum += weight(event);
    while (this.size > 1 && (this.size > this.maxEvents || this.weightSum > this.maxWeight)) {
      const oldest = this.events[this.head];
      if (!oldest) break;
      this.weightSum -= weight(oldest);
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** Seq of the oldest event held, or null when empty. */
  get firstSeq(): number | null {
    return this.events[this.head]?.seq ?? null;
  }

  /** Events with seq > after, at most `limit`; null when the window does not reach back to after + 1. */
  after(after: number, limit: number): AgentEvent[] | null {
    const first = this.firstSeq;
    if (first === null || after + 1 < first) return null;
    const start = this.head + (after + 1 - first);
    return this.events.slice(start, start + limit);
  }

  clear(): void {
    this.events = [];
    this.head = 0;
    this.weightSum = 0;
  }
}
