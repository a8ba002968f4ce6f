/** The logging the event helpers need; the kit's JSON logger satisfies it. */
export interface EventLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Writes one JSON line per record to stderr; used when no logger is given. */
export const stderrLog: EventLog = {
  info: (msg, fields) => write("info", msg, fields),
  warn: (msg, fields) => write("warn", msg, fields),
  error: (msg, fields) => write("error", msg, fields),
};

function write(level: string, msg: string, fields?: Record<string, unknown>): void {
  console.error(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}
