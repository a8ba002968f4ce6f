/**
 * @module
 * A small browser stand-in for console tests over `app.request`: it keeps cookies (by path, and
 * forgets deleted ones), remembers the last HTML page, reads the `_csrf` hidden field from it,
 * posts forms as a browser does, and signs in through the real sign-in form.
 */

/** Anything that answers requests in-process (a Hono app). */
export interface RequestTarget {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** An answer, read. */
export interface Page {
  status: number;
  headers: Headers;
  /** The body as text (HTML, CSV or JSON). */
  text: string;
  /** The `Location` header of a redirect, or null. */
  location: string | null;
}

interface StoredCookie {
  value: string;
  path: string;
}

/** A person at a browser, talking to one console app. */
export class ConsoleClient {
  readonly cookies = new Map<string, StoredCookie>();
  /** The last HTML page received. */
  lastHtml = "";

  constructor(private readonly app: RequestTarget) {}

  /** The `Cookie` header for a request to `path`. */
  cookieHeader(path: string): string {
    return [...this.cookies]
      .filter(([, c]) =>
        path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`) ||
        c.path === "/"
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
  }

  #remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      let path = "/";
      let gone = value === "";
      for (const a of attrs) {
        const [k, v = ""] = a.split("=");
        const key = k!.toLowerCase();
        if (key === "path") path = v || "/";
        if (key === "max-age" && Number(v) <= 0) gone = true;
        if (key === "expires" && Date.parse(v) <= Date.now()) gone = true;
      }
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  /** Sends a request with the jar's cookies; keeps the cookies and the HTML it gets back. */
  async send(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    const jar = this.cookieHeader(path.split("?")[0]!);
    if (jar && !headers.has("cookie")) headers.set("cookie", jar);
    if (!headers.has("accept")) headers.set("accept", "text/html,application/xhtml+xml");
    const res = await this.app.request(path, { ...init, headers });
    this.#remember(res);
    const text = await res.text();
    if ((res.headers.get("content-type") ?? "").includes("text/html")) this.lastHtml = text;
    return { status: res.status, headers: res.headers, text, location: res.headers.get("location") };
  }

  /** GET a page. */
  get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, { headers });
  }

  /** The `_csrf` hidden field of the last HTML page. */
  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error("the last page has no _csrf field");
    return m[1]!;
  }

  /**
   * POSTs a form (`application/x-www-form-urlencoded`), adding the last page's `_csrf` unless
   * `csrf` is false (or a string to send instead). Arrays repeat the field, as checkboxes do.
   */
  post(
    path: string,
    fields: Record<string, string | string[]>,
    options: { csrf?: boolean | string } = {},
  ): Promise<Page> {
    const body = new URLSearchParams();
    if (options.csrf !== false) {
      body.set("_csrf", typeof options.csrf === "string" ? options.csrf : this.csrf());
    }
    for (const [k, v] of Object.entries(fields)) {
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    }
    return this.send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
  }

  /** Signs in through `/login`; throws unless the console answers with a session. */
  async signIn(login: string, password: string): Promise<void> {
    await this.get("/login");
    const res = await this.post("/login", { login, password, next: "/" });
    if (res.status !== 303 || !this.cookies.has("yb_session")) {
      throw new Error(`sign-in of ${login} failed: ${res.status}`);
    }
  }
}

/** The text a person reads in an HTML fragment: tags removed, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
