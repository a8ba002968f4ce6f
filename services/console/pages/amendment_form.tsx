/** The amendment editor: the note and effective date, the text, summaries per audience and rule parameters in yuan and percent. */
import type { Change, PolicyContent } from "@yibao/domain";
import { audienceIds, audienceNames } from "@yibao/domain";
import { type DraftForm, type Parameter, parametersOf, paramInput, summaryInput } from "../web/draft_form.ts";
import { parameterText } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { fieldLabel, ruleName } from "../web/rule_labels.ts";
import { ChangesView } from "./diff.tsx";
import { Csrf, Field, Notice } from "./ui.tsx";

/** What the editor shows. */
export interface AmendmentFormProps {
  lang: Lang;
  csrf: string;
  action: string;
  policyTitle: string;
  base: PolicyContent;
  form: DraftForm;
  errors: Record<string, string>;
  /** Errors the service gave that name no input. */
  otherErrors: string[];
  etag?: string;
  /** The change list the editor started from (a conflict is shown against it). */
  readChanges?: string;
  conflict?: { who: string; changes: Change[] } | null;
  today: string;
  isNew: boolean;
}

function groupByRule(params: Parameter[]): Map<string, Parameter[]> {
  const out = new Map<string, Parameter[]>();
  for (const p of params) {
    const key = p.field.split(".").slice(0, 2).join(".");
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return out;
}

/** The editor. */
export function AmendmentForm(p: AmendmentFormProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const groups = groupByRule(parametersOf(p.base));
  const audiences = audienceIds.filter((a) =>
    p.form.summaries[a] !== undefined || p.base.summaries[a] !== undefined
  );
  const others = audienceIds.filter((a) => !audiences.includes(a));
  const errorCount = Object.keys(p.errors).length + p.otherErrors.length;
  return (
    <form method="post" action={p.action} class="editor" novalidate>
      <Csrf token={p.csrf} />
      {p.etag ? <input type="hidden" name="etag" value={p.etag} /> : null}
      {p.readChanges ? <input type="hidden" name="readChanges" value={p.readChanges} /> : null}
      {p.conflict
        ? (
          <Notice
            kind="warn"
            title={t("草稿在您编辑期间被修改了", "The draft changed while you were editing")}
          >
            <p>
              {t(
                `${p.conflict.who}在您打开编辑页之后保存了这份草稿。您输入的内容都保留在下面的表单里；下面列出对方改动了什么。确认无误后再次保存，将以您的内容为准。`,
                `${p.conflict.who} saved this draft after you opened it. Everything you typed is kept in the form below; here is what they changed. Save again to keep your version.`,
              )}
            </p>
            <ChangesView changes={p.conflict.changes} content={p.base} lang={p.lang} />
          </Notice>
        )
        : null}
      {errorCount
        ? (
          <Notice
            kind="error"
            title={t(`有 ${errorCount} 处需要修改`, `${errorCount} field(s) need attention`)}
          >
            {p.otherErrors.length ? <ul>{p.otherErrors.map((e) => <li>{e}</li>)}</ul> : null}
          </Notice>
        )
        : null}
      <fieldset>
        <legend>{t("修订说明", "About this amendment")}</legend>
        <Field
          name="summary"
          label={t("修订说明（审核人和订阅者会看到）", "Summary (reviewers and subscribers read it)")}
          value={p.form.summary}
          error={p.errors.summary}
          multiline
          rows={2}
          required
        />
        <Field
          name="effectiveFrom"
          label={t("生效日期", "Effective from")}
          type="date"
          value={p.form.effectiveFrom}
          error={p.errors.effectiveFrom}
          hint={t(`不能早于今天（${p.today}，北京时间）`, `Today (${p.today}, China time) or later`)}
          extra={{ min: p.today }}
          required
        />
      </fieldset>
      <fieldset>
        <legend>{t("政策文本", "Policy text")}</legend>
        <Field name="title" label={t("标题", "Title")} value={p.form.title} error={p.errors.title} required />
        <Field
          name="body"
          label={t("正文", "Body")}
          value={p.form.body}
          error={p.errors.body}
          multiline
          rows={10}
        />
      </fieldset>
      <fieldset>
        <legend>{t("面向各人群的通俗解读", "Plain summaries by audience")}</legend>
        {audiences.map((a) => (
          <Field
            name={summaryInput(a)}
            label={tr(p.lang, audienceNames[a].nameZh, audienceNames[a].nameEn)}
            value={p.form.summaries[a] ?? ""}
            error={p.errors[summaryInput(a)]}
            multiline
            rows={3}
            hint={t("10–1000 字；留空表示删除这条解读", "10–1,000 characters; leave empty to remove it")}
          />
        ))}
        {others.length
          ? (
            <details>
              <summary>{t("为其他人群添加解读", "Add a summary for another audience")}</summary>
              {others.map((a) => (
                <Field
                  name={summaryInput(a)}
                  label={tr(p.lang, audienceNames[a].nameZh, audienceNames[a].nameEn)}
                  value={p.form.summaries[a] ?? ""}
                  error={p.errors[summaryInput(a)]}
                  multiline
                  rows={2}
                />
              ))}
            </details>
          )
          : null}
      </fieldset>
      {groups.size
        ? (
          <fieldset>
            <legend>
              {t(
                "规则参数（金额以元、比例以百分比填写）",
                "Rule parameters (amounts in yuan, rates in percent)",
              )}
            </legend>
            {[...groups].map(([key, params]) => (
              <fieldset class="rule">
                <legend>
                  {`${
                    key.startsWith("rules.")
                      ? t("待遇规则", "Benefit rule")
                      : t("资格规则", "Eligibility rule")
                  }：${ruleName(p.base, key.split(".")[1]!, p.lang)}`}
                </legend>
                <div class="param-grid">
                  {params.map((param) => (
                    <Field
                      name={paramInput(param.field)}
                      label={`${fieldLabel(param.field, p.base, p.lang, { withRule: false })}（${
                        param.unit === "fen" ? t("元", "yuan") : "%"
                      }）`}
                      value={p.form.params[param.field] ?? ""}
                      error={p.errors[paramInput(param.field)]}
                      inputmode="decimal"
                      hint={`${t("现行", "Now")}：${parameterText(param.field, param.value, p.lang)}`}
                    />
                  ))}
                </div>
              </fieldset>
            ))}
          </fieldset>
        )
        : null}
      <div class="actions">
        <button type="submit" class="primary">
          {p.isNew ? t("保存草稿", "Save draft") : t("保存修改", "Save changes")}
        </button>
      </div>
    </form>
  );
}
