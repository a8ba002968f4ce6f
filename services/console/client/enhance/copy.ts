/**
 * A "复制 Copy" button beside a read-only field (the API key shown once): copies its value, and
 * says so where screen readers hear it. Without script the field can still be selected and copied.
 */
export function copyButton(el: HTMLElement): void {
  if (!(el instanceof HTMLInputElement)) return;
  const zh = document.documentElement.lang !== "en";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = zh ? "复制" : "Copy";
  const status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "small";
  button.addEventListener("click", async () => {
    el.select();
    try {
      await navigator.clipboard.writeText(el.value);
      status.textContent = zh ? "已复制" : "Copied";
    } catch {
      status.textContent = zh ? "请按 Ctrl+C 复制已选中的密钥" : "Press Ctrl+C to copy the selected key";
    }
  });
  el.after(button, status);
}
