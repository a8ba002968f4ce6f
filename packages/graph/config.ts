import { z } from "zod";

/** Environment variables that configure the graph connection, shared by every service. */
export const graphEnvSchema = z.object({
  NEO4J_URI: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s]+$/, "must be a bolt:// or neo4j:// URI")
    .default("bolt://127.0.0.1:7687"),
  NEO4J_USER: z.string().min(1).default("neo4j"),
  NEO4J_PASSWORD: z.string().default(""),
  NEO4J_DATABASE: z.string().regex(/^[a-z][a-z0-9.-]{2,62}$/, "must be a Neo4j database name").default(
    "neo4j",
  ),
});

/** Parsed graph environment. */
export type GraphEnv = z.infer<typeof graphEnvSchema>;

/** Options for {@linkcode createGraph}, built from {@linkcode GraphEnv} or by hand. */
export interface GraphOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** How long a transaction function is retried on transient errors, in ms (default 15 s). */
  maxRetryTimeMs?: number;
  /** Shown in Neo4j's connection list. */
  userAgent?: string;
}

/** Maps the environment to {@linkcode GraphOptions}. */
export function graphOptionsFromEnv(env: GraphEnv, userAgent?: string): GraphOptions {
  return {
    uri: env.NEO4J_URI,
    user: env.NEO4J_USER,
    password: env.NEO4J_PASSWORD,
    database: env.NEO4J_DATABASE,
    ...(userAgent ? { userAgent } : {}),
  };
}
