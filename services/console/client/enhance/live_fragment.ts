/**
 * A part of a page kept live: the element's content is replaced by each `fragment` event of the
 * server-sent event stream at `data-source` (HTML the server rendered and escaped). EventSource
 * reconnects by itself when the stream ends or the network drops.
 */
export function liveFragment(el: HTMLElement): void {
  const source = el.dataset.source;
  if (!source || typeof EventSource === "undefined") return;
  const events = new EventSource(source);
  events.addEventListener("fragment", (e) => {
    el.innerHTML = (e as MessageEvent<string>).data;
    el.dataset.updatedAt = new Date().toISOString();
  });
  events.addEventListener("error", () => el.setAttribute("data-live", "reconnecting"));
  events.addEventListener("open", () => el.setAttribute("data-live", "open"));
  addEventListener("pagehide", () => events.close());
}
