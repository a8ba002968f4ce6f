/** A child process this tool started. */
export interface Child {
  name: string;
  process: Deno.ChildProcess;
  /** Asks it to stop (SIGTERM), then kills it after `graceMs`. Resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Wraps a spawned process with a graceful stop. */
export function child(name: string, process: Deno.ChildProcess): Child {
  let exited = false;
  const status = process.status.then((s) => {
    exited = true;
    return s;
  });
  return {
    name,
    process,
    async stop(graceMs = 15_000) {
      if (exited) return;
      try {
        process.kill("SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill("SIGKILL");
        } catch { /* already gone */ }
      }, graceMs);
      await status;
      clearTimeout(timer);
    },
  };
}

/** Copies a stream into a file (appending) as it arrives, so `tail -f` shows it live. */
export async function pipeToFile(stream: ReadableStream<Uint8Array>, path: string): Promise<void> {
  const file = await Deno.open(path, { create: true, append: true });
  try {
    for await (const chunk of stream) {
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
    }
  } catch {
    // the child's stream broke: nothing more to copy
  } finally {
    file.close();
  }
}

/** Reads text lines from `stream`, calling `onLine` for each, until it ends. */
export async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let buf = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  }
  if (buf) onLine(buf);
}
