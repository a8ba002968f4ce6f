import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
  Session,
  Transaction,
} from "neo4j-driver";
import { AsyncLocalStorage } from "node:async_hooks";
import type { GraphOptions } from "./config.ts";
import { decodeFaster } from "./fast_decoding.ts";

/**
 * Bookmarks the transactions of the current async context wait for: set by
 * {@linkcode withBookmarks} around an event handler, so its reads see the write behind the event.
 */
const ambientBookmarks = new AsyncLocalStorage<string[]>();

/**
 * Runs `fn` with every `Graph.read`/`write` inside it (of any Graph of this process) opened with
 * `bookmarks`: on a Neo4j cluster they run on a member that has applied those transactions.
 * Empty `bookmarks` leave the reads as they are.
 */
export function withBookmarks<T>(bookmarks: string[], fn: () => Promise<T>): Promise<T> {
  return bookmarks.length ? ambientBookmarks.run(bookmarks, fn) : fn();
}

/** The bookmarks the current async context's transactions wait for (empty outside `withBookmarks`). */
export function currentBookmarks(): string[] {
  return ambientBookmarks.getStore() ?? [];
}

/**
 * Runs `start` (a call that starts a query: `run` of a transaction or a session, a commit) with V8's stack
 * capture off and no stack formatted. The driver captures the caller's stack for every query result
 * (`new Error().stack`, kept to decorate an error of that query), and formatting a stack under Deno
 * costs about 150 µs on the 2-core bench machine: more than a cached query's own work. With the limit
 * at 0 the stack has no frames, and with `Error.prepareStackTrace` answering null it is not formatted
 * at all, so the driver keeps none (a further 0.04–0.17 ms of client CPU a county list, in alternating
 * rounds in one process). The capture happens inside the synchronous call, so both are back before
 * anything else runs; V8 formats a stack when it is first read, so an error made inside and read
 * later is formatted as usual. What is lost: a failing query's error carries the driver's own stack
 * instead of the caller's; its message, code and the request logged around it stay.
 */
export function withoutStackCapture<T>(start: () => T): T {
  const errors = Error as ErrorConstructor & { prepareStackTrace?: unknown };
  const limit = errors.stackTraceLimit;
  const prepare = errors.prepareStackTrace;
  errors.stackTraceLimit = 0;
  errors.prepareStackTrace = noStack;
  try {
    return start();
  } finally {
    errors.stackTraceLimit = limit;
    errors.prepareStackTrace = prepare;
  }
}
const noStack = () => null;

/**
 * Makes every query this process starts through the driver (a transaction's `run`, `commit` and
 * `rollback`, which each make a result; a session's auto-commit `run`) start through
 * {@linkcode withoutStackCapture}. The driver has no option for it, so its two classes' methods are
 * wrapped once, on their prototypes (what every transaction and session of any driver of this process
 * uses); `tests/graph/stack_capture_test.ts` checks that no stack is formatted for a query.
 */
function startQueriesWithoutStackCapture(): void {
  if (queriesWithoutStackCapture) return;
  queriesWithoutStackCapture = true;
  const targets: [Record<string, unknown>, string[]][] = [
    [Transaction.prototype as unknown as Record<string, unknown>, ["run", "commit", "rollback"]],
    [Session.prototype as unknown as Record<string, unknown>, ["run"]],
  ];
  for (const [proto, names] of targets) {
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== "function") throw new Error(`neo4j-driver has no ${name} to wrap`);
      proto[name] = function (this: unknown, ...args: unknown[]) {
        return withoutStackCapture(() => original.apply(this, args));
      };
    }
  }
}
let queriesWithoutStackCapture = false;

/** A unit of work run inside one managed transaction. */
export type TxWork<T> = (tx: ManagedTransaction) => Promise<T>;

/** One driver per process, bound to one database, with retrying transaction helpers. */
export interface Graph {
  /** The underlying driver, for the rare caller that needs it. */
  readonly driver: Driver;
  /** The database every helper targets (always passed explicitly). */
  readonly database: string;
  /** Runs `work` in a read transaction (read routing), retried on transient errors. */
  read<T>(work: TxWork<T>): Promise<T>;
  /** Runs `work` in a write transaction, retried on transient errors (deadlocks, leader switches, lost connections). */
  write<T>(work: TxWork<T>): Promise<T>;
  /**
   * Runs `work` in a write transaction and returns its result with the bookmarks of the commit:
   * whoever opens a transaction with them (e.g. a consumer of an event this write led to) sees it.
   */
  writeWithBookmarks<T>(work: TxWork<T>): Promise<{ result: T; bookmarks: string[] }>;
  /**
   * Runs one read statement in an auto-commit transaction (read routing), retried on transient
   * errors within the same window as {@linkcode Graph.read}. One statement is atomic on its own, and
   * this saves the BEGIN and COMMIT round trips of a managed transaction: on the 2-core bench
   * machine `RETURN 1` took 4.7 ms through `read` and 1.4 ms through `readQuery`. For the
   * hot single-query reads; work of several statements stays in `read`.
   */
  readQuery<R extends RecordShape = RecordShape>(
    cypher: string,
    params?: Record<string, unknown>,
  ): Promise<QueryResult<R>>;
  /** Runs one statement in an auto-commit transaction: for schema statements, which cannot share a transaction. */
  autoCommit<R extends RecordShape = RecordShape>(
    cypher: string,
    params?: Record<string, unknown>,
  ): Promise<QueryResult<R>>;
  /** True when the database answers `RETURN 1` within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Creates the process's driver. Integers come back as JS numbers (ids and counts here fit in 53 bits). */
export function createGraph(options: GraphOptions): Graph {
  startQueriesWithoutStackCapture();
  decodeFaster();
  const auth = options.password ? neo4j.auth.basic(options.user, options.password) : undefined;
  const driver = neo4j.driver(options.uri, auth, {
    disableLosslessIntegers: true,
    // With the database away, a request answers (503) within the retry window plus one connection
    // attempt: about 15 s, never more than 30 s even on a loaded machine (tests/graph/outage_test.ts).
    maxTransactionRetryTime: options.maxRetryTimeMs ?? 10_000,
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 10_000,
    maxConnectionPoolSize: 50,
    userAgent: options.userAgent ?? "yibao/0.1",
    logging: { level: "error", logger: () => {} },
  });
  const database = options.database;
  const retryWindowMs = options.maxRetryTimeMs ?? 10_000;

  async function withSession<T>(
    mode: "READ" | "WRITE",
    fn: (s: ReturnType<Driver["session"]>) => Promise<T>,
  ): Promise<T> {
    const bookmarks = currentBookmarks();
    const session = driver.session({
      database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      ...(bookmarks.length ? { bookmarks } : {}),
    });
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  }

  return {
    driver,
    database,
    read: (work) => withSession("READ", (s) => s.executeRead(work)),
    write: (work) => withSession("WRITE", (s) => s.executeWrite(work)),
    writeWithBookmarks: (work) =>
      withSession("WRITE", async (s) => {
        const result = await s.executeWrite(work);
        return { result, bookmarks: s.lastBookmarks() };
      }),
    async readQuery<R extends RecordShape>(cypher: string, params: Record<string, unknown> = {}) {
      const deadline = Date.now() + retryWindowMs;
      for (let delay = 100;; delay = Math.min(delay * 2, 2_000)) {
        try {
          return await withSession("READ", (s) => s.run<R>(cypher, params));
        } catch (err) {
          if (!neo4j.isRetryableError(err) || Date.now() + delay > deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, delay * (0.8 + Math.random() * 0.4)));
        }
      }
    },
    autoCommit: (cypher, params = {}) => withSession("WRITE", (s) => s.run(cypher, params)),
    async ping(timeoutMs = 2_000) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const probe = driver.executeQuery("RETURN 1 AS ok", {}, { database, routing: neo4j.routing.READ })
        .then((r) => r.records[0]?.get("ok") === 1)
        .catch(() => false);
      try {
        return await Promise.race([probe, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => driver.close(),
  };
}
