import type { ServiceApp } from "@yibao/kit";
import page from "../static/index.html" with { type: "text" };

/** The console's pages. */
export function registerPageRoutes(app: ServiceApp): void {
  app.get("/", (c) => c.html(page));
}
