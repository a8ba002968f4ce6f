/**
 * Neo4j's CPU by the kind of its JVM threads, from /proc/<pid>/task: its queries (Bolt workers), the
 * JIT compiler (a Neo4j started for the run is still compiling its own code for minutes), garbage
 * collection, index population and sampling, and the rest. The benchmarks use it to warm Neo4j up
 * until its compiler has settled and to print the compiler's share beside their figures: a deployed
 * Neo4j is long past that, so a figure that includes it says little about the product.
 */

/** The kind of a JVM thread of Neo4j, by its name (as its report labels it). */
export type JvmThreadKind =
  | "queries (Bolt workers)"
  | "JIT compiler"
  | "GC"
  | "index population and sampling"
  | "other";

/** One snapshot: each live thread's kind and its CPU ms so far, by thread id. */
export type JvmThreads = Map<string, { kind: JvmThreadKind; ms: number }>;

/** The kind of a JVM thread of Neo4j, by its name. */
export function threadKind(name: string): JvmThreadKind {
  if (name.startsWith("neo4j.BoltWorke") || name.startsWith("neo4j.BoltNetwo")) {
    return "queries (Bolt workers)";
  }
  if (/^C[12] CompilerThre|^Sweeper thread/.test(name)) return "JIT compiler";
  if (/^(GC Thread|G1 |VM Thread)/.test(name)) return "GC";
  if (/^neo4j\.Index/.test(name)) return "index population and sampling";
  return "other";
}

/** CPU ms so far of each thread of `pid` (user and system), with its kind; empty where /proc is absent. */
export function jvmThreads(pid: number | null): JvmThreads {
  const out: JvmThreads = new Map();
  if (pid === null) return out;
  try {
    for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
      try {
        const stat = Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/stat`);
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        out.set(t.name, { kind: threadKind(name), ms: (Number(f[11]) + Number(f[12])) * 10 });
      } catch { /* the thread ended */ }
    }
  } catch { /* no such process */ }
  return out;
}

/**
 * CPU ms by thread kind between two snapshots. What threads that ended in between spent (the JIT
 * compiler's threads come and go) is the process's CPU (`processMs`) less the live threads':
 * "ended threads".
 */
export function jvmThreadsDiff(
  before: JvmThreads,
  after: JvmThreads,
  processMs: number | null,
): Partial<Record<JvmThreadKind | "ended threads", number>> {
  const out: Partial<Record<JvmThreadKind | "ended threads", number>> = {};
  let sum = 0;
  for (const [tid, a] of after) {
    const d = a.ms - (before.get(tid)?.ms ?? 0);
    out[a.kind] = (out[a.kind] ?? 0) + d;
    sum += d;
  }
  if (processMs !== null && processMs - sum > 0) out["ended threads"] = processMs - sum;
  return out;
}

/** The JIT compiler's CPU ms in a diff, counting what ended threads spent as the compiler's (they mostly are). */
export function jitMs(diff: Partial<Record<JvmThreadKind | "ended threads", number>>): number {
  return (diff["JIT compiler"] ?? 0) + (diff["ended threads"] ?? 0);
}
