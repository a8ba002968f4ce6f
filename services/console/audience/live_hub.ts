/**
 * @module
 * The audience page's live state, one per session watched through this console:
 *
 * 1. While at least one browser listens, the hub holds one connection to the sessions service's
 *    event stream (`/v1/sessions/:id/events`, resumed with `Last-Event-ID` after a drop) — never one
 *    per browser, and the browser never sees a service address or credential.
 * 2. It keeps the session's visible questions in memory, loaded once and then updated from the
 *    events: `question` replaces a question (kept when approved or answered, dropped otherwise),
 *    `votes` moves a total when its revision is newer, `pinned` moves the pin, `session` reloads.
 * 3. Listeners are told of a change at most every `coalesceMs` (a burst of votes is one update);
 *    each re-renders its own fragment from the shared state, with its own questions and votes.
 */
import type { AudienceClient, AudienceQuestion } from "../api/audience.ts";
import type { Launch } from "../api/launches.ts";

/** Live events of polls, quizzes and surveys that change what the audience sees of them. */
const launchEvents = new Set(["poll", "pollResults", "pollHidden", "pollClosed"]);

/** A listener: told which questions changed since it was last told. */
export type HubListener = (changed: ReadonlySet<string>) => void;

/** One session's shared state. */
export class SessionLive {
  readonly questions = new Map<string, AudienceQuestion>();
  /** The open and revealed launches as everyone sees them (no one's answers), reloaded on their events. */
  launches: Launch[] = [];
  #launchesStale = true;
  readonly #listeners = new Set<HubListener>();
  #changed = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort = new AbortController();
  #lastEventId: string | undefined;
  #ready: Promise<void>;
  #closed = false;

  constructor(
    readonly sessionId: string,
    private readonly client: AudienceClient,
    private readonly options: { coalesceMs: number; onEmpty: () => void; log?: (msg: string) => void },
  ) {
    this.#ready = this.#reload();
    this.#run();
  }

  /** Resolves once the questions were loaded. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The visible questions: pinned first, then by votes, then newest. */
  sorted(): AudienceQuestion[] {
    return [...this.questions.values()].sort((a, b) =>
      Number(b.pinned) - Number(a.pinned) || b.votes - a.votes || b.createdAt.localeCompare(a.createdAt)
    );
  }

  /** Adds a listener; returns its removal. */
  listen(fn: HubListener): () => void {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /** Reads the launches again (the audience's view, without a token). */
  async reloadLaunches(): Promise<void> {
    this.launches = await this.client.launches({ address: "console", lang: "zh" }, this.sessionId)
      .catch(() => this.launches);
  }

  /** Drops the upstream connection. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    clearTimeout(this.#timer);
    this.options.onEmpty();
  }

  async #reload(): Promise<void> {
    const items = await this.client.questions({ address: "console", lang: "zh" }, this.sessionId);
    this.questions.clear();
    for (const q of items) this.questions.set(q.id, q);
    for (const q of items) this.#changed.add(q.id);
    this.#schedule();
  }

  #apply(event: string, data: string): void {
    let d: Record<string, unknown>;
    try {
      d = JSON.parse(data);
    } catch {
      return;
    }
    if (event === "question") {
      const q = d as unknown as AudienceQuestion;
      const had = this.questions.get(q.id);
      if (had && had.revision > q.revision) return;
      if (q.status === "approved" || q.status === "answered") this.questions.set(q.id, q);
      else this.questions.delete(q.id);
      this.#changed.add(q.id);
    } else if (event === "votes") {
      const q = this.questions.get(d.questionId as string);
      if (!q || q.revision >= (d.revision as number)) return;
      this.questions.set(q.id, { ...q, votes: d.votes as number, revision: d.revision as number });
      this.#changed.add(q.id);
    } else if (event === "pinned") {
      for (const q of this.questions.values()) {
        const pinned = q.id === d.questionId;
        if (q.pinned !== pinned) {
          this.questions.set(q.id, { ...q, pinned });
          this.#changed.add(q.id);
        }
      }
    } else if (event === "session") {
      this.#changed.add("session");
    } else if (launchEvents.has(event)) {
      // "launchSet": a launch opened or closed (each listener re-reads what its holder answered)
      this.#launchesStale = true;
      this.#changed.add(event === "poll" || event === "pollClosed" ? "launchSet" : "launches");
    } else {
      return;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(async () => {
      if (this.#launchesStale) {
        this.#launchesStale = false;
        await this.reloadLaunches();
      }
      this.#timer = undefined;
      const changed = this.#changed;
      this.#changed = new Set();
      for (const fn of this.#listeners) {
        try {
          fn(changed);
        } catch { /* one listener's failure is its own */ }
      }
    }, this.options.coalesceMs);
  }

  async #run(): Promise<void> {
    let delay = 500;
    while (!this.#closed) {
      try {
        const res = await this.client.events(this.sessionId, this.#abort.signal, this.#lastEventId);
        if (!res.ok || !res.body) throw new Error(`upstream answered ${res.status}`);
        delay = 500;
        await this.#read(res.body);
      } catch (err) {
        if (this.#closed) return;
        this.options.log?.(`audience live stream of ${this.sessionId} dropped: ${String(err)}`);
      }
      if (this.#closed) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let event = "message";
    let data: string[] = [];
    let id: string | undefined;
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, "");
        buffer = buffer.slice(nl + 1);
        if (line === "") {
          if (id !== undefined) this.#lastEventId = id;
          if (data.length) this.#apply(event, data.join("\n"));
          event = "message";
          data = [];
          id = undefined;
          continue;
        }
        const colon = line.indexOf(":");
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = val;
        else if (field === "data") data.push(val);
        else if (field === "id") id = val;
      }
    }
  }
}

/** Every session watched through this console. */
export class AudienceHub {
  readonly #sessions = new Map<string, SessionLive>();

  constructor(
    private readonly client: AudienceClient,
    private readonly options: { coalesceMs: number; log?: (msg: string) => void },
  ) {}

  /** The live state of a session (created on first use, dropped when its last listener leaves). */
  session(id: string): SessionLive {
    let s = this.#sessions.get(id);
    if (!s) {
      s = new SessionLive(id, this.client, {
        ...this.options,
        onEmpty: () => this.#sessions.delete(id),
      });
      this.#sessions.set(id, s);
    }
    return s;
  }

  /** Closes every upstream connection. */
  close(): void {
    for (const s of [...this.#sessions.values()]) s.close();
  }
}
