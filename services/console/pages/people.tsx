/** `/admin/people`: every account, a form to add a person, and per person a role change and disable / re-enable. */
import { type Role, roles } from "@yibao/kit";
import type { Account } from "../accounts/mod.ts";
import { dateTime } from "../web/format.ts";
import { label, type Lang, roleLabels, tr } from "../web/i18n.ts";
import { Badge, Csrf, Field, fieldId, Notice, Select } from "./ui.tsx";

/** What the new-person form shows again after a refusal (never the password). */
export interface NewPersonForm {
  values: { login: string; name: string; role: string };
  errors: Partial<Record<"login" | "name" | "role" | "password", string>>;
}

/** A notice at the top of the page. */
export interface PeopleNotice {
  kind: "ok" | "error";
  text: string;
}

/** What the people page needs. */
export interface PeopleProps {
  lang: Lang;
  csrf: string;
  /** The signed-in administrator's account id. */
  me: string;
  accounts: Account[];
  notice?: PeopleNotice | undefined;
  form?: NewPersonForm | undefined;
}

/** The role options, in words. */
export function roleOptions(lang: Lang): { value: Role; label: string }[] {
  return roles.map((r) => ({ value: r, label: label(roleLabels, r, lang) }));
}

/** The people page. */
export function PeoplePage(p: PeopleProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const errors = p.form?.errors ?? {};
  const values = p.form?.values ?? { login: "", name: "", role: "operator" };
  return (
    <section>
      <h1>{t("人员", "People")}</h1>
      <p class="lead">
        {t(
          "控制台账号：运营人员起草修订，审核人员审批，主播主持直播答疑，管理员管理人员与 API 密钥。停用账号会立即结束其所有登录。",
          "Console accounts: operators draft amendments, reviewers approve them, hosts run live Q&A, administrators manage people and API keys. Disabling an account ends all its sessions at once.",
        )}
      </p>
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      <PeopleTable {...p} />
      <h2 id="new-person">{t("添加人员", "Add a person")}</h2>
      {Object.keys(errors).length
        ? <Notice kind="error">{t("请修改下面标出的内容。", "Correct the fields marked below.")}</Notice>
        : null}
      <form method="post" action="/admin/people" class="stack" aria-labelledby="new-person">
        <Csrf token={p.csrf} />
        <Field
          name="login"
          label={t("登录账号", "Login")}
          value={values.login}
          error={errors.login}
          hint={t(
            "3–40 个字符：小写字母、数字、点、横线或下划线，以字母开头。",
            "3–40 lower-case letters, digits, dots, dashes or underscores, starting with a letter.",
          )}
          autocomplete="off"
          required
        />
        <Field
          name="name"
          label={t("姓名", "Name")}
          value={values.name}
          error={errors.name}
          autocomplete="off"
          required
        />
        <Select
          name="role"
          label={t("角色", "Role")}
          value={values.role}
          options={roleOptions(p.lang)}
          error={errors.role}
        />
        <Field
          name="password"
          type="password"
          label={t("初始密码", "Initial password")}
          error={errors.password}
          hint={t(
            "10–200 个字符。请通过安全渠道告知本人。",
            "10–200 characters. Give it to the person over a safe channel.",
          )}
          autocomplete="new-password"
          required
        />
        <button type="submit" class="primary">{t("添加", "Add")}</button>
      </form>
    </section>
  );
}

function PeopleTable(p: PeopleProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  if (p.accounts.length === 0) return <p class="empty">{t("还没有账号。", "There are no accounts yet.")}</p>;
  return (
    <table class="people">
      <caption class="sr-only">{t("全部控制台账号", "Every console account")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("姓名", "Name")}</th>
          <th scope="col">{t("登录账号", "Login")}</th>
          <th scope="col">{t("角色", "Role")}</th>
          <th scope="col">{t("状态", "Status")}</th>
          <th scope="col">{t("最近登录", "Last sign-in")}</th>
          <th scope="col">{t("操作", "Actions")}</th>
        </tr>
      </thead>
      <tbody>
        {p.accounts.map((a) => <PersonRow {...p} account={a} />)}
      </tbody>
    </table>
  );
}

function PersonRow(p: PeopleProps & { account: Account }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const a = p.account;
  const self = a.id === p.me;
  const path = `/admin/people/${encodeURIComponent(a.id)}`;
  const roleId = fieldId("role");
  return (
    <tr>
      <th scope="row">
        {a.name}
        {self ? <span class="muted small">{t("（您本人）", " (you)")}</span> : null}
      </th>
      <td>
        <code>{a.login}</code>
      </td>
      <td>{label(roleLabels, a.role, p.lang)}</td>
      <td>
        {a.disabled
          ? <Badge kind="muted">{t("已停用", "Disabled")}</Badge>
          : <Badge kind="ok">{t("启用", "Enabled")}</Badge>}
      </td>
      <td>{a.lastSignInAt ? dateTime(a.lastSignInAt) : t("从未登录", "Never")}</td>
      <td class="actions">
        <form method="post" action={`${path}/role`} class="inline">
          <Csrf token={p.csrf} />
          <label for={roleId} class="sr-only">{t(`${a.name} 的角色`, `Role of ${a.name}`)}</label>
          <select id={roleId} name="role">
            {roleOptions(p.lang).map((o) => (
              <option value={o.value} selected={o.value === a.role}>{o.label}</option>
            ))}
          </select>
          <button type="submit">{t("更改角色", "Change role")}</button>
        </form>
        {self ? null : a.disabled
          ? (
            <form method="post" action={`${path}/enable`} class="inline">
              <Csrf token={p.csrf} />
              <button type="submit" aria-label={t(`重新启用 ${a.name}`, `Re-enable ${a.name}`)}>
                {t("重新启用", "Re-enable")}
              </button>
            </form>
          )
          : (
            <form
              method="post"
              action={`${path}/disable`}
              class="inline"
              data-enhance="confirm"
              data-confirm={t(
                `停用 ${a.name} 的账号？其所有登录会立即结束。`,
                `Disable ${a.name}'s account? All their sessions end at once.`,
              )}
            >
              <Csrf token={p.csrf} />
              <button type="submit" class="danger" aria-label={t(`停用 ${a.name}`, `Disable ${a.name}`)}>
                {t("停用", "Disable")}
              </button>
            </form>
          )}
      </td>
    </tr>
  );
}
