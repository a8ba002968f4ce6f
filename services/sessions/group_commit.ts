/**
 * Group commit: requests that arrive while a batch is being written wait, and go together in the
 * next batch (at most `maxBatch` of them), so under load many requests share one transaction, and a
 * request that arrives alone goes at once. One batch is written at a time.
 *
 * A batch whose write throws answers every request in it with that error (nothing of it was
 * committed); the batches before and after it are not affected.
 */
export class GroupCommit<Op, Answer> {
  #queue: { op: Op; resolve: (answer: Answer) => void; reject: (err: unknown) => void }[] = [];
  #writing = false;
  /** Batches written (failed ones too), the requests in them, and the batches that failed. */
  readonly stats = { batches: 0, ops: 0, failed: 0 };

  constructor(
    /** Writes one batch; an answer per op, in the ops' order. */
    private readonly write: (ops: Op[]) => Promise<Answer[]>,
    private readonly maxBatch: number,
  ) {
    if (!(maxBatch >= 1)) throw new RangeError(`maxBatch must be at least 1, not ${maxBatch}`);
  }

  /** The answer to `op`, once the batch it went in has been written. */
  submit(op: Op): Promise<Answer> {
    const answer = new Promise<Answer>((resolve, reject) => this.#queue.push({ op, resolve, reject }));
    if (!this.#writing) void this.#drain();
    return answer;
  }

  /** Requests waiting for a batch (not counting the one being written). */
  get waiting(): number {
    return this.#queue.length;
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      // requests submitted in the same turn of the event loop join the first batch
      await Promise.resolve();
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.maxBatch);
        this.stats.batches++;
        this.stats.ops += batch.length;
        try {
          const answers = await this.write(batch.map((w) => w.op));
          if (answers.length !== batch.length) {
            throw new Error(`a batch of ${batch.length} got ${answers.length} answers`);
          }
          batch.forEach((w, i) => w.resolve(answers[i]!));
        } catch (err) {
          this.stats.failed++;
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.#writing = false;
    }
  }
}
