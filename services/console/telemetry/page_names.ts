/**
 * The view names the console's pages put in `<body data-page="…">`. Metrics are labelled only with
 * these (anything else counts as "other"), so a page name sent by a browser can never add series.
 * Add each new page's name here.
 */
export const knownPageNames: readonly string[] = [
  "status",
  "login",
  "amendment-edit",
  "propagation",
  "audit",
  "people",
  "api-keys",
  "home",
  "policies",
  "policy",
  "amendments",
  "amendment",
  "review",
  "sessions",
  "session",
  "host-live",
  "audience",
  "audience-join",
  "audience-ask",
  "host-sessions",
  "host-schedule",
  "host-session",
  "host-question",
  "notifications",
  "subscribers",
  "accounts",
  "error",
  "items",
  "item-form",
  "awareness",
];

/** The metric label of a view name: itself when known, else "other". */
export function pageLabel(view: string | undefined, known: ReadonlySet<string>): string {
  return view && known.has(view) ? view : "other";
}
