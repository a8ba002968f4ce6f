/** Log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger writing one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every record. */
  child(fields: Record<string, unknown>): Logger;
  /** Whether records of `level` are written (so a caller can skip building one that is not). */
  enabled?(level: LogLevel): boolean;
}

/** Creates a JSON-lines logger on stdout (errors on stderr). */
export function createLogger(
  options: { service: string; level?: LogLevel; fields?: Record<string, unknown> },
): Logger {
  const min = rank[options.level ?? "info"];
  const base = { service: options.service, ...options.fields };
  function write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (rank[level] < min) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields });
    if (level === "error") console.error(line);
    else console.log(line);
  }
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger({ ...options, fields: { ...options.fields, ...fields } }),
    enabled: (level) => rank[level] >= min,
  };
}
