/**
 * What the console knows of each request to a page: the person's language, their session (if
 * any), the caller the service clients use on their behalf, and when the request started (for
 * `Server-Timing`). Kept beside the request, not in the kit's typed variables.
 */
import type { Context } from "hono";
import type { SignedIn } from "../auth/sessions.ts";
import type { Caller } from "../api/client.ts";
import type { Lang } from "./i18n.ts";

/** A page request's state. */
export interface WebState {
  lang: Lang;
  signedIn: SignedIn | null;
  /** A session cookie came with the request but named no live session (expired, ended, disabled). */
  staleCookie: boolean;
  caller: Caller | null;
  started: number;
  timing: { apiMs: number; calls: number };
  address: string;
  secure: boolean;
}

const states = new WeakMap<Request, WebState>();

/** Records the state of a request. */
export function setWeb(c: Context, state: WebState): void {
  states.set(c.req.raw, state);
}

/** The state of a page request (set by the console's middleware). */
export function web(c: Context): WebState {
  const s = states.get(c.req.raw);
  if (!s) throw new Error("the console's page middleware did not run for this request");
  return s;
}

/** The caller of a signed-in request (the pages behind a role guard always have one). */
export function callerOf(c: Context): Caller {
  const caller = web(c).caller;
  if (!caller) throw new Error("no signed-in caller");
  return caller;
}
