import { z } from "zod";

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
  /** The built browser assets (default services/console/client/dist). */
  CONSOLE_ASSETS_DIR: z.string().optional(),
  /** A Faro collector (Grafana Alloy faro.receiver) that /collect forwards raw payloads to. */
  FARO_COLLECTOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Faro payloads accepted per client address per minute on /collect. */
  COLLECT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
});

/** The console's parsed variables. */
export type ConsoleEnv = z.infer<typeof consoleEnvSchema>;
