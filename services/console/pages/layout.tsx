/** The frame of every console page: skip link, header with navigation by role, language switch, sign-out. */
import type { Child } from "hono/jsx";
import type { SignedIn } from "../auth/sessions.ts";
import { asset } from "../web/asset_names.ts";
import { label, type Lang, roleLabels, tr } from "../web/i18n.ts";

/** What the layout needs to know. */
export interface LayoutProps {
  lang: Lang;
  title: string;
  /** The page's name for telemetry and styles (`amendments`, `policy`, …). */
  page: string;
  signedIn: SignedIn | null;
  path: string;
  telemetry: { app: string; version: string; environment: string };
  children?: Child;
  wide?: boolean;
}

const nav: { href: string; zh: string; en: string; roles: string[]; page: string }[] = [
  {
    href: "/amendments",
    zh: "审核台",
    en: "Amendments",
    roles: ["operator", "reviewer", "admin"],
    page: "amendments",
  },
  {
    href: "/policies",
    zh: "政策",
    en: "Policies",
    roles: ["operator", "reviewer", "admin"],
    page: "policies",
  },
  {
    href: "/host/sessions",
    zh: "我的直播",
    en: "My sessions",
    roles: ["host"],
    page: "host-sessions",
  },
  {
    href: "/items",
    zh: "题库",
    en: "Item bank",
    roles: ["operator", "reviewer", "host", "admin"],
    page: "items",
  },
  {
    href: "/awareness",
    zh: "知晓率",
    en: "Awareness",
    roles: ["operator", "reviewer", "admin"],
    page: "awareness",
  },
  { href: "/audit", zh: "审计记录", en: "Audit", roles: ["operator", "reviewer", "admin"], page: "audit" },
  { href: "/admin/people", zh: "人员", en: "People", roles: ["admin"], page: "people" },
  { href: "/admin/api-keys", zh: "API 密钥", en: "API keys", roles: ["admin"], page: "api-keys" },
];

/** The page frame. */
export function Layout(p: LayoutProps) {
  const role = p.signedIn?.account.role;
  const other = p.lang === "en" ? "zh" : "en";
  return (
    <html lang={p.lang === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · ${tr(p.lang, "医保政策通", "Yibao Policy Hub")}`}</title>
        <meta name="yibao-telemetry" content={JSON.stringify({ ...p.telemetry, collectUrl: "/collect" })} />
        {p.signedIn ? <meta name="csrf-token" content={p.signedIn.csrf} /> : null}
        {/* no icon: an empty one keeps browsers from asking for /favicon.ico */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={asset("styles.css")} />
        <script type="module" src={asset("main.js")}></script>
      </head>
      <body data-page={p.page} class={p.wide ? "wide" : undefined}>
        <a class="skip" href="#main">{tr(p.lang, "跳到正文", "Skip to content")}</a>
        <header class="top">
          <a class="brand" href="/">
            医保政策通<span class="brand-en">Yibao Policy Hub</span>
          </a>
          {p.signedIn
            ? (
              <nav aria-label={tr(p.lang, "主导航", "Main")}>
                <ul>
                  {nav.filter((n) => role === "admin" || n.roles.includes(role ?? "")).map((n) => (
                    <li>
                      <a href={n.href} aria-current={p.page === n.page ? "page" : undefined}>
                        {p.lang === "en" ? n.en : n.zh}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )
            : null}
          <div class="who">
            <a
              href={`/lang/${other}?next=${encodeURIComponent(p.path)}`}
              lang={other === "en" ? "en" : "zh-CN"}
            >
              {other === "en" ? "English" : "中文"}
            </a>
            {p.signedIn
              ? (
                <>
                  <span>
                    {p.signedIn.account.name}（{label(roleLabels, p.signedIn.account.role, p.lang)}）
                  </span>
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value={p.signedIn.csrf} />
                    <button type="submit" class="link">{tr(p.lang, "退出登录", "Sign out")}</button>
                  </form>
                </>
              )
              : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {p.children}
        </main>
        <footer class="foot">
          {tr(
            p.lang,
            "时间均为北京时间（Asia/Shanghai）。金额以元显示，比例以百分比显示。",
            "Times are China Standard Time (Asia/Shanghai). Amounts in yuan, rates in percent.",
          )}
        </footer>
      </body>
    </html>
  );
}
