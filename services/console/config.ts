import { z } from "zod";

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** The console's own variables. */
export const consoleEnvSchema = z.object({
  CONSOLE_SERVICES: z.string().default("").transform((v, ctx) => {
    const out: { name: string; url: string }[] = [];
    for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z][a-z-]*)=(https?:\/\/[^\s,]+)$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not name=http(s)://host:port` });
        return z.NEVER;
      }
      out.push({ name: m[1]!, url: m[2]!.replace(/\/$/, "") });
    }
    return out;
  }),
  /** A session unused this long ends. */
  CONSOLE_SESSION_IDLE_MINUTES: int(1, 24 * 60, 30),
  /** A session ends this long after sign-in, however busy. */
  CONSOLE_SESSION_MAX_HOURS: int(1, 24 * 30, 12),
  /** Failed sign-ins allowed per login, and per client address, in one window. */
  CONSOLE_SIGNIN_MAX_FAILURES_PER_LOGIN: int(1, 1000, 5),
  CONSOLE_SIGNIN_MAX_FAILURES_PER_ADDRESS: int(1, 100_000, 30),
  CONSOLE_SIGNIN_WINDOW_MINUTES: int(1, 24 * 60, 15),
  /** Lifetime of the role token the console mints for each call to a service. */
  CONSOLE_API_TOKEN_TTL_SECONDS: int(10, 3600, 120),
  /** Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy in front of the console. */
  CONSOLE_TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** After this long without an acknowledgement, a channel is marked late on the propagation page. */
  CONSOLE_PROPAGATION_LATE_SECONDS: int(5, 86_400, 60),
  /** Where the deployment runs, reported with browser telemetry. */
  CONSOLE_ENVIRONMENT: z.string().trim().min(1).max(40).default("development"),
  /** The built browser assets (default services/console/client/dist). */
  CONSOLE_ASSETS_DIR: z.string().optional(),
  /** A Faro collector (Grafana Alloy faro.receiver) that /collect forwards raw payloads to. */
  FARO_COLLECTOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Faro payloads accepted per client address per minute on /collect. */
  COLLECT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Origins (`https://host[:port]`, comma-separated) that may embed the audience page in a frame; none by default. */
  CONSOLE_AUDIENCE_FRAME_ANCESTORS: z.string().default("").transform((v) =>
    v.split(",").map((x) => x.trim()).filter(Boolean)
  )
    .pipe(
      z.array(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, "an origin like https://host[:port]")),
    ),
  /** The audience page's live updates are sent at most this often per browser (ms). */
  CONSOLE_AUDIENCE_LIVE_MS: z.coerce.number().int().min(0).max(5_000).default(250),
});

/** The console's parsed variables. */
export type ConsoleEnv = z.infer<typeof consoleEnvSchema>;
