/**
 * How late the event loop runs: a 20 ms timer notes how much later than due it fired. Logged by the
 * vote applier (its thread's loop) and by the service (the main loop, with the live stream and intake),
 * so a slow batch or a slow broadcast can be told apart from a busy loop.
 */

/** The lag of this thread's event loop since the last `take()`. */
export class LoopLag {
  #timer: ReturnType<typeof setInterval> | null = null;
  #last = 0;
  #sum = 0;
  #max = 0;
  #n = 0;

  /** Starts (or, with `false`, stops) watching. */
  watch(on: boolean): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    if (!on) return;
    this.#last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - this.#last - 20);
      this.#last = now;
      this.#sum += late;
      this.#max = Math.max(this.#max, late);
      this.#n++;
    }, 20);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** The mean and largest lag (ms) since the last call; starts counting afresh. */
  take(): { loopLagMeanMs: number; loopLagMaxMs: number } {
    const r = {
      loopLagMeanMs: this.#n ? Math.round(this.#sum / this.#n) : 0,
      loopLagMaxMs: Math.round(this.#max),
    };
    this.#sum = this.#max = this.#n = 0;
    return r;
  }
}
