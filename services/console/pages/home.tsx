/** The start page: each person's queue. */
import type { AmendmentPage } from "../api/admin.ts";
import type { SignedIn } from "../auth/sessions.ts";
import { label, type Lang, roleLabels, tr } from "../web/i18n.ts";
import { AmendmentTable } from "./amendment_table.tsx";
import { type Slot, SlotTable } from "./host_sessions.tsx";

/** What the start page shows. */
export interface HomeProps {
  lang: Lang;
  signedIn: SignedIn;
  desk: { waiting: AmendmentPage | null; mine: AmendmentPage | null } | null;
  /** A host's next occurrences (Asia/Shanghai), or null for other roles. */
  next?: Slot[] | null;
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
      {p.next
        ? (
          <section aria-labelledby="next-h">
            <h2 id="next-h">{t("我接下来的直播", "My next sessions")}</h2>
            <SlotTable
              lang={p.lang}
              zone="Asia/Shanghai"
              slots={p.next}
              caption={t("未来 14 天，Asia/Shanghai 时间", "The next 14 days, Asia/Shanghai time")}
            />
            <p class="row">
              <a href="/host/sessions">
                {t("我的直播：周视图与全部场次", "My sessions: the week and every session")}
              </a>
              <a href="/host/sessions/new">{t("安排新场次", "Schedule a session")}</a>
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
