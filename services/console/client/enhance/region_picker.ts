/**
 * The region picker: as a person types a Chinese place name, suggestions from the console's
 * `/api/regions` fill a native `<datalist>` ("北京市 朝阳区（110105）"). Without script the field
 * still works: the server resolves the typed name and offers choices when several match.
 */
export function regionPicker(input: HTMLElement): void {
  if (!(input instanceof HTMLInputElement)) return;
  const source = input.dataset.source ?? "/api/regions";
  const list = document.createElement("datalist");
  list.id = `${input.id || "region"}-suggestions`;
  input.after(list);
  input.setAttribute("list", list.id);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim().replace(/（.*$/, "");
    if (!q || /（\d{6}）$/.test(input.value)) return;
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const res = await fetch(`${source}?q=${encodeURIComponent(q)}`, {
          headers: { accept: "application/json" },
          signal: controller.signal,
        });
        if (!res.ok) return;
        const { items } = await res.json() as { items: { code: string; label: string }[] };
        list.replaceChildren(...items.map((r) => {
          const o = document.createElement("option");
          o.value = `${r.label.replace(/（[^（]*）$/, "")}（${r.code}）`;
          o.label = r.label;
          return o;
        }));
      } catch { /* a newer keystroke aborted this one, or the network failed: keep the old list */ }
    }, 200);
  });
}
