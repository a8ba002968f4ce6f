/** `/admin/api-keys`: partner apps' keys, issuing one (its secret shown once) and revoking. */
import { type Scope, scopes } from "@yibao/kit";
import type { ApiKeyInfo } from "../keys/mod.ts";
import { dateTime } from "../web/format.ts";
import { label, type Lang, scopeLabels, tr } from "../web/i18n.ts";
import { Badge, Csrf, Field, fieldId, Notice } from "./ui.tsx";

/** What the issue form shows again after a refusal. */
export interface NewKeyForm {
  values: { name: string; scopes: string[] };
  errors: Partial<Record<"name" | "scopes", string>>;
}

/** What the keys page needs. */
export interface ApiKeysProps {
  lang: Lang;
  csrf: string;
  keys: ApiKeyInfo[];
  revocationDelaySeconds: number;
  notice?: { kind: "ok" | "error"; text: string } | undefined;
  form?: NewKeyForm | undefined;
}

function ScopeList(p: { lang: Lang; scopes: Scope[] }) {
  return (
    <ul class="tags">
      {p.scopes.map((s) => <li>{label(scopeLabels, s, p.lang)}</li>)}
    </ul>
  );
}

/** The list and the issue form. */
export function ApiKeysPage(p: ApiKeysProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const errors = p.form?.errors ?? {};
  const chosen = new Set(p.form?.values.scopes ?? ["policy:read"]);
  const scopesErrId = errors.scopes ? fieldId("scopes-error") : undefined;
  return (
    <section>
      <h1>{t("API 密钥", "API keys")}</h1>
      <p class="lead">
        {t(
          "合作方应用用 API 密钥调用医保政策通的接口。密钥是访问凭据，与人员账号一样只在这里管理；系统只保存密钥的摘要，无法找回原文。",
          "Partner apps call the Yibao Policy Hub APIs with an API key. Keys are access credentials, managed only here like people's accounts; only a digest is kept, so a key cannot be shown again.",
        )}
      </p>
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      {p.keys.length === 0
        ? <p class="empty">{t("还没有 API 密钥。", "There are no API keys yet.")}</p>
        : (
          <table class="keys">
            <caption class="sr-only">{t("全部 API 密钥，有效的在前", "Every API key, active first")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("名称", "Name")}</th>
                <th scope="col">{t("密钥编号", "Key id")}</th>
                <th scope="col">{t("权限", "Permissions")}</th>
                <th scope="col">{t("创建", "Issued")}</th>
                <th scope="col">{t("状态", "Status")}</th>
                <th scope="col">{t("操作", "Actions")}</th>
              </tr>
            </thead>
            <tbody>
              {p.keys.map((k) => (
                <tr>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.id}</code>
                  </td>
                  <td>
                    <ScopeList lang={p.lang} scopes={k.scopes} />
                  </td>
                  <td>
                    {dateTime(k.createdAt)}
                    {k.createdByName
                      ? <div class="muted small">{t(`由 ${k.createdByName}`, `by ${k.createdByName}`)}</div>
                      : null}
                  </td>
                  <td>
                    {k.revokedAt
                      ? (
                        <>
                          <Badge kind="bad">{t("已吊销", "Revoked")}</Badge>
                          <div class="muted small">
                            {dateTime(k.revokedAt)}
                            {k.revokedByName ? t(`，由 ${k.revokedByName}`, `, by ${k.revokedByName}`) : ""}
                          </div>
                        </>
                      )
                      : <Badge kind="ok">{t("有效", "Active")}</Badge>}
                  </td>
                  <td class="actions">
                    {k.revokedAt ? null : (
                      <form
                        method="post"
                        action={`/admin/api-keys/${encodeURIComponent(k.id)}/revoke`}
                        class="inline"
                        data-enhance="confirm"
                        data-confirm={t(
                          `吊销“${k.name}”？使用它的应用将在 ${p.revocationDelaySeconds} 秒内无法再调用接口，且无法恢复。`,
                          `Revoke "${k.name}"? Apps using it lose access within ${p.revocationDelaySeconds} s, and it cannot be undone.`,
                        )}
                      >
                        <Csrf token={p.csrf} />
                        <button
                          type="submit"
                          class="danger"
                          aria-label={t(`吊销 ${k.name}`, `Revoke ${k.name}`)}
                        >
                          {t("吊销", "Revoke")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      <p class="hint">
        {t(
          `吊销后，各服务最迟 ${p.revocationDelaySeconds} 秒内拒绝该密钥（各服务会短暂缓存已验证的密钥）。`,
          `After revocation every service refuses the key within ${p.revocationDelaySeconds} s (services briefly cache keys they have checked).`,
        )}
      </p>

      <h2 id="new-key">{t("签发新密钥", "Issue a key")}</h2>
      {Object.keys(errors).length
        ? <Notice kind="error">{t("请修改下面标出的内容。", "Correct the fields marked below.")}</Notice>
        : null}
      <form method="post" action="/admin/api-keys" class="stack" aria-labelledby="new-key">
        <Csrf token={p.csrf} />
        <Field
          name="name"
          label={t("名称（哪个应用、由谁负责）", "Name (which app, who is responsible)")}
          value={p.form?.values.name}
          error={errors.name}
          autocomplete="off"
          required
        />
        <fieldset
          class={errors.scopes ? "field checks has-error" : "field checks"}
          aria-describedby={scopesErrId}
        >
          <legend>{t("权限", "Permissions")}</legend>
          {scopes.map((s) => (
            <label>
              <input type="checkbox" name="scopes" value={s} checked={chosen.has(s)} />{" "}
              {label(scopeLabels, s, p.lang)}
            </label>
          ))}
          {errors.scopes ? <p class="error" id={scopesErrId} role="alert">{errors.scopes}</p> : null}
        </fieldset>
        <button type="submit" class="primary">{t("签发", "Issue")}</button>
      </form>
    </section>
  );
}

/** The page after issuing: the full key, once, with the warning. */
export function IssuedKeyPage(
  p: { lang: Lang; issued: { id: string; key: string; name: string; scopes: Scope[] } },
) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const id = fieldId("issued-key");
  return (
    <section class="narrow">
      <h1>{t("密钥已签发", "Key issued")}</h1>
      <Notice kind="warn" title={t("请立即复制并妥善保存", "Copy it now and keep it safe")}>
        <p>
          {t(
            "这是唯一一次显示完整密钥。离开本页后无法再次查看；如果遗失，只能吊销后重新签发。请通过安全渠道交给合作方，不要通过邮件或聊天明文发送。",
            "This is the only time the full key is shown. It cannot be seen again after you leave this page; if it is lost, revoke it and issue a new one. Hand it to the partner over a safe channel, never in plain email or chat.",
          )}
        </p>
      </Notice>
      <dl>
        <dt>{t("名称", "Name")}</dt>
        <dd>{p.issued.name}</dd>
        <dt>{t("密钥编号", "Key id")}</dt>
        <dd>
          <code>{p.issued.id}</code>
        </dd>
        <dt>{t("权限", "Permissions")}</dt>
        <dd>
          <ScopeList lang={p.lang} scopes={p.issued.scopes} />
        </dd>
      </dl>
      <div class="field">
        <label for={id}>{t("完整密钥", "Full key")}</label>
        <input
          id={id}
          type="text"
          readonly
          value={p.issued.key}
          autocomplete="off"
          data-enhance="copy"
          class="secret"
        />
      </div>
      <p class="hint">
        {t(
          "调用接口时放在请求头 X-API-Key 中。",
          "Send it in the X-API-Key request header.",
        )}
      </p>
      <p>
        <a href="/admin/api-keys">{t("我已保存，返回密钥列表", "I have saved it — back to API keys")}</a>
      </p>
    </section>
  );
}
