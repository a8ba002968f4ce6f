/** A small Server-Sent Events reader for tests and the benchmark. */

/** One event as received. */
export interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
  receivedAt: number;
}

/** Reads an SSE response body into `events`, calling `onEvent` for each. */
export class SseReader {
  readonly events: SseEvent[] = [];
  #waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  readonly done: Promise<void>;
  #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(body: ReadableStream<Uint8Array>, private readonly onEvent?: (e: SseEvent) => void) {
    this.#reader = body.getReader();
    this.done = this.#run();
  }

  async #run(): Promise<void> {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      while (true) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let id: number | undefined;
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("id: ")) id = Number(line.slice(4));
            else if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (id === undefined) continue;
          const e = { id, event, data: JSON.parse(data), receivedAt: performance.now() };
          this.events.push(e);
          this.onEvent?.(e);
          this.#waiters = this.#waiters.filter((w) => {
            if (w.pred(e)) {
              w.resolve(e);
              return false;
            }
            return true;
          });
        }
      }
    } catch {
      // closed
    }
  }

  /** The first event (already received or coming) that satisfies `pred`. */
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no such event arrived")), timeoutMs);
      this.#waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** The id of the newest event. */
  get lastId(): number | undefined {
    return this.events.at(-1)?.id;
  }

  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
    await this.done;
  }
}
