/** The sign-in page. */
import { Field, Notice } from "./ui.tsx";
import { type Lang, tr } from "../web/i18n.ts";

/** What the sign-in page shows. */
export interface LoginProps {
  lang: Lang;
  token: string;
  next: string;
  login?: string;
  error?: string;
  reason?: string;
}

/** The sign-in form: no hint whether an account exists. */
export function LoginPage(p: LoginProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section class="narrow">
      <h1>{t("登录控制台", "Sign in to the console")}</h1>
      <p class="lead">
        {t(
          "供医保政策运营、审核人员和直播主播使用。账号由管理员开通。",
          "For policy operators, reviewers and livestream hosts. Accounts are opened by an administrator.",
        )}
      </p>
      {p.reason === "expired"
        ? (
          <Notice kind="warn">
            {t(
              "登录已过期，请重新登录。您刚才打开的页面会在登录后显示。",
              "Your session has ended. Sign in again to return to the page you opened.",
            )}
          </Notice>
        )
        : null}
      {p.reason === "signedOut"
        ? <Notice kind="ok">{t("您已退出登录。", "You have signed out.")}</Notice>
        : null}
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="_csrf" value={p.token} />
        <input type="hidden" name="next" value={p.next} />
        <Field
          name="login"
          label={t("账号 Account", "Account 账号")}
          value={p.login}
          autocomplete="username"
          required
        />
        <Field
          name="password"
          label={t("密码 Password", "Password 密码")}
          type="password"
          autocomplete="current-password"
          required
        />
        <button type="submit" class="primary">{t("登录 Sign in", "Sign in 登录")}</button>
      </form>
    </section>
  );
}
