/**
 * The trace id of a W3C Trace Context `traceparent` header (https://www.w3.org/TR/trace-context/):
 * `{version}-{trace-id}-{parent-id}-{flags}`, lower-case hex. Version `00` has exactly these four
 * fields; a later version may append more after a dash. Version `ff`, an all-zero trace id or
 * parent id, upper-case hex or any other shape is invalid: undefined.
 */
export function traceIdFromTraceparent(header: string | null | undefined): string | undefined {
  if (!header || header.length < 55) return undefined;
  const m = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, parentId, , rest] = m;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId!) || /^0+$/.test(parentId!)) return undefined;
  return traceId;
}
