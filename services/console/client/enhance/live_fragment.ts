/**
 * A part of a page kept live: the element's content is replaced by each `fragment` event of the
 * server-sent event stream at `data-source` (HTML the server rendered and escaped). EventSource
 * reconnects by itself when the stream ends or the network drops.
 *
 * What the person has entered survives a replacement: a choice ticked, a text typed or an option
 * picked in a form inside the fragment is carried over to the same control in the new HTML, and the
 * focus stays where it was. Without this, an update arriving while someone fills in a quiz (the
 * stream's first fragment, another launch opening) would clear their answers before they press
 * submit. A control that is no longer in the new HTML (its item answered, its launch closed) is
 * left behind with what was entered in it.
 */
export function liveFragment(el: HTMLElement): void {
  const source = el.dataset.source;
  if (!source || typeof EventSource === "undefined") return;
  const entered = new EnteredState(el);
  const events = new EventSource(source);
  events.addEventListener("fragment", (e) => {
    entered.carryOver(() => {
      el.innerHTML = (e as MessageEvent<string>).data;
    });
    el.dataset.updatedAt = new Date().toISOString();
  });
  events.addEventListener("error", () => el.setAttribute("data-live", "reconnecting"));
  events.addEventListener("open", () => el.setAttribute("data-live", "open"));
  addEventListener("pagehide", () => events.close());
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The controls a person has changed inside one element, found again by a key after its HTML is replaced. */
class EnteredState {
  /** Keys of the controls the person changed (a radio group's every button: ticking one clears the rest). */
  readonly #touched = new Set<string>();

  constructor(private readonly root: HTMLElement) {
    const note = (e: Event) => {
      const c = e.target;
      if (!isControl(c)) return;
      for (const each of this.#group(c)) {
        const key = controlKey(each);
        if (key) this.#touched.add(key);
      }
    };
    root.addEventListener("input", note);
    root.addEventListener("change", note);
  }

  /** Runs `replace` (which swaps the root's HTML) and puts what was entered back into the new controls. */
  carryOver(replace: () => void): void {
    const saved = new Map<string, { checked: boolean; value: string; selected: string[] }>();
    for (const c of this.#controls()) {
      const key = controlKey(c);
      if (!key || !this.#touched.has(key)) continue;
      saved.set(key, {
        checked: c instanceof HTMLInputElement && c.checked,
        value: c.value,
        selected: c instanceof HTMLSelectElement ? [...c.selectedOptions].map((o) => o.value) : [],
      });
    }
    const active = document.activeElement;
    const focused = isControl(active) && this.root.contains(active) ? controlKey(active) : null;
    const caret = active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement
      ? [active.selectionStart, active.selectionEnd] as const
      : null;

    replace();

    const found = new Set<string>();
    for (const c of this.#controls()) {
      const key = controlKey(c);
      if (!key) continue;
      const was = saved.get(key);
      if (was && !c.disabled) {
        found.add(key);
        if (c instanceof HTMLInputElement && (c.type === "radio" || c.type === "checkbox")) {
          c.checked = was.checked;
        } else if (c instanceof HTMLSelectElement) {
          for (const o of c.options) o.selected = was.selected.includes(o.value);
        } else c.value = was.value;
      }
      if (key === focused) {
        c.focus({ preventScroll: true });
        if (caret && (c instanceof HTMLTextAreaElement || c instanceof HTMLInputElement)) {
          try {
            c.setSelectionRange(caret[0], caret[1]);
          } catch {
            // inputs without a text selection (radio, checkbox) refuse it
          }
        }
      }
    }
    for (const key of [...this.#touched]) if (!found.has(key)) this.#touched.delete(key);
  }

  #controls(): Control[] {
    return [...this.root.querySelectorAll<Control>("input, textarea, select")];
  }

  /** A radio button with the others of its group (ticking one changes them all); anything else alone. */
  #group(c: Control): Control[] {
    if (!(c instanceof HTMLInputElement) || c.type !== "radio" || !c.name) return [c];
    return this.#controls().filter((o) =>
      o instanceof HTMLInputElement && o.type === "radio" && o.name === c.name && o.form === c.form
    );
  }
}

function isControl(x: unknown): x is Control {
  return x instanceof HTMLInputElement || x instanceof HTMLTextAreaElement || x instanceof HTMLSelectElement;
}

/**
 * Finds the same control in new HTML: the nearest ancestor's id (a launch's section), its form's
 * action, its name and, for a choice, its value. Hidden fields and buttons carry nothing a person
 * entered.
 */
function controlKey(c: Control): string | null {
  if (!c.name) return null;
  if (
    c instanceof HTMLInputElement && ["hidden", "submit", "button", "reset", "image", "file"].includes(c.type)
  ) {
    return null;
  }
  const toggle = c instanceof HTMLInputElement && (c.type === "radio" || c.type === "checkbox");
  const scope = c.parentElement?.closest("[id]")?.id ?? "";
  return [scope, c.form?.getAttribute("action") ?? "", c.name, toggle ? c.value : ""].join("\u0000");
}
