/**
 * The week view's days as one tab stop: the left and right arrow keys (Home, End) move between the
 * seven days (roving tabindex), Tab goes on to the focused day's sessions. Without it every day
 * is still reachable: the sessions are links.
 */
export function weekGrid(el: HTMLElement): void {
  const days = Array.from(el.children).filter((c): c is HTMLElement => c instanceof HTMLElement);
  if (!days.length) return;
  const focusDay = (i: number) => {
    const next = days[(i + days.length) % days.length]!;
    for (const d of days) d.tabIndex = d === next ? 0 : -1;
    next.focus();
  };
  el.addEventListener("keydown", (e) => {
    const at = days.indexOf(e.target as HTMLElement);
    if (at < 0) return;
    const to = e.key === "ArrowRight"
      ? at + 1
      : e.key === "ArrowLeft"
      ? at - 1
      : e.key === "Home"
      ? 0
      : e.key === "End"
      ? days.length - 1
      : null;
    if (to === null) return;
    e.preventDefault();
    focusDay(to);
  });
}
