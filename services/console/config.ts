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
});

/** The console's parsed variables. */
export type ConsoleEnv = z.infer<typeof consoleEnvSchema>;
