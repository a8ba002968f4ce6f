/**
 * `data-enhance="confirm" data-confirm="确定删除？"` on a form (or a button inside one): asks the
 * person before the form is submitted; cancelling stops the submission.
 */
export function confirmSubmit(el: HTMLElement): void {
  const form = el instanceof HTMLFormElement ? el : el.closest("form");
  if (!form) return;
  const question = el.dataset.confirm || "确定继续吗？ / Continue?";
  const onlyFor = el === form ? undefined : el;
  form.addEventListener("submit", (event) => {
    // on a button, only that button's submissions ask
    if (onlyFor && event.submitter !== onlyFor) return;
    if (!globalThis.confirm(question)) event.preventDefault();
  });
}
