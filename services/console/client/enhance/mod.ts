/**
 * @module
 * Page enhancers: small behaviours the server-rendered HTML asks for by name with
 * `data-enhance="<name>"`. Each enhancer receives its element once; pages work without them.
 * Several names may be given, separated by spaces (`data-enhance="confirm other"`).
 */
import { confirmSubmit } from "./confirm.ts";
import { copyButton } from "./copy.ts";
import { liveFragment } from "./live_fragment.ts";
import { regionPicker } from "./region_picker.ts";
import { weekGrid } from "./week_grid.ts";

/** An enhancer: wires behaviour onto one element. */
export type Enhancer = (el: HTMLElement) => void;

/** Every enhancer, by the name used in `data-enhance`. */
export const enhancers: Record<string, Enhancer> = {
  confirm: confirmSubmit,
  copy: copyButton,
  "live-fragment": liveFragment,
  "region-picker": regionPicker,
  "week-grid": weekGrid,
};

/** Runs the enhancer of each `[data-enhance]` element under `root`; returns how many ran. */
export function enhanceAll(root: ParentNode, registry: Record<string, Enhancer> = enhancers): number {
  let ran = 0;
  for (const el of root.querySelectorAll<HTMLElement>("[data-enhance]")) {
    for (const name of (el.dataset.enhance ?? "").split(/\s+/).filter(Boolean)) {
      const enhancer = registry[name];
      if (!enhancer) {
        console.warn(`no enhancer named "${name}"`);
        continue;
      }
      try {
        enhancer(el);
        ran++;
      } catch (err) {
        // one broken enhancer leaves the others (and the page) working; Faro reports the error
        console.error(err);
      }
    }
  }
  return ran;
}
