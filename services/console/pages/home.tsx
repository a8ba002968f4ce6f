/** The start page: each person's queue. */
import type { AmendmentPage } from "../api/admin.ts";
import type { SignedIn } from "../auth/sessions.ts";
import { label, type Lang, roleLabels, tr } from "../web/i18n.ts";
import { AmendmentTable } from "./amendment_table.tsx";

/** What the start page shows. */
export interface HomeProps {
  lang: Lang;
  signedIn: SignedIn;
  desk: { waiting: AmendmentPage | null; mine: AmendmentPage | null } | null;
}

/** The start page. */
export function HomePage(p: HomeProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const role = p.signedIn.account.role;
  return (
    <section>
      <h1>{t(`您好，${p.signedIn.account.name}`, `Hello, ${p.signedIn.account.name}`)}</h1>
      <p class="lead">{t("您的角色：", "Your role: ")}{label(roleLabels, role, p.lang)}</p>
      {p.desk?.waiting
        ? (
          <section aria-labelledby="waiting-h">
            <h2 id="waiting-h">{t("等待我审核", "Waiting for my review")}</h2>
            <AmendmentTable
              lang={p.lang}
              items={p.desk.waiting.items}
              caption={t("已提交、由他人起草的修订", "Submitted amendments drafted by others")}
            />
            <p>
              <a href="/amendments?waitingForMe=true">{t("查看全部待审", "See all waiting")}</a>
            </p>
          </section>
        )
        : null}
      {p.desk?.mine
        ? (
          <section aria-labelledby="mine-h">
            <h2 id="mine-h">{t("我起草的修订", "My amendments")}</h2>
            <AmendmentTable
              lang={p.lang}
              items={p.desk.mine.items}
              caption={t("最近更新的在前", "Most recently updated first")}
            />
            <p>
              <a href="/policies">
                {t("起草新修订：先找到政策", "Draft a new amendment: find the policy first")}
              </a>
            </p>
          </section>
        )
        : null}
      {role === "host"
        ? (
          <section>
            <h2>{t("直播答疑", "Live Q&A")}</h2>
            <p>
              {t(
                "主播的排期和直播间页面正在建设中。目前请通过直播服务的接口安排场次；控制台会在下一版本提供这些页面。",
                "The hosts' schedule and live-room pages are being built. Until then, schedule sessions through the sessions API; the console will offer these pages in its next version.",
              )}
            </p>
          </section>
        )
        : null}
      <p class="muted small">
        <a href="/status">{t("服务状态", "Service status")}</a>
      </p>
    </section>
  );
}
