import { z } from "zod";

/** Environment variables every service reads, besides the graph's and the bus's. */
export const serviceEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0, "must be 0 (any free port) to 65535").max(65535),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(64 * 1024 * 1024).default(1024 * 1024),
  AUTH_TOKEN_SECRET: z.string().min(32, "must be at least 32 characters"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  INSTANCE_ID: z.string().min(1).max(100).optional(),
});

/** Parsed common service environment. */
export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

/** Start-up configuration was missing or wrong; the message names every variable at fault. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the variables named by `schema` from the environment (only those, so a service run
 * with `--allow-env=A,B` needs no more). Throws one {@linkcode ConfigError} naming every missing
 * or bad variable.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env(key);
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const got = raw[name];
    const shown = got === undefined
      ? "not set"
      : /SECRET|PASSWORD|TOKEN/.test(name)
      ? "got a value"
      : `got "${got}"`;
    return `  - ${name}: ${got === undefined ? "required" : issue.message} (${shown})`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

/** Loads the configuration or, when it is wrong, prints the message and exits with status 78 (EX_CONFIG). */
export function loadConfigOrExit<S extends z.ZodObject>(schema: S, service: string): z.infer<S> {
  try {
    return loadConfig(schema);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[${service}] ${err.message}`);
      Deno.exit(78);
    }
    throw err;
  }
}
