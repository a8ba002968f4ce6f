/**
 * What changed between two versions of a policy, as a person reads it: texts side by side with
 * deletions and insertions marked, and rule parameters as a table in yuan and percent.
 */
import type { Change, PolicyContent } from "@yibao/domain";
import { parameterText } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { fieldLabel } from "../web/rule_labels.ts";
import { readableDiff } from "../web/text_diff.ts";

const isText = (field: string) => field === "title" || field === "body" || field.startsWith("summaries.");

function TextChange(p: { change: Change; lang: Lang; content: PolicyContent | null }) {
  const before = typeof p.change.before === "string" ? p.change.before : "";
  const after = typeof p.change.after === "string" ? p.change.after : "";
  // character-level for Chinese; for very long texts the per-character diff is bounded by the service's 50,000-character limit
  const parts = readableDiff(before, after);
  return (
    <section class="text-diff" aria-label={fieldLabel(p.change.field, p.content, p.lang)}>
      <h3>{fieldLabel(p.change.field, p.content, p.lang)}</h3>
      <div class="side-by-side">
        <div>
          <p class="col-head">{tr(p.lang, "修改前", "Before")}</p>
          <p class="prose">
            {before === ""
              ? <span class="muted">{tr(p.lang, "（无）", "(none)")}</span>
              : parts.filter((x) => x.kind !== "added").map((x) =>
                x.kind === "removed" ? <del>{x.text}</del> : <span>{x.text}</span>
              )}
          </p>
        </div>
        <div>
          <p class="col-head">{tr(p.lang, "修改后", "After")}</p>
          <p class="prose">
            {after === ""
              ? <span class="muted">{tr(p.lang, "（删除）", "(removed)")}</span>
              : parts.filter((x) => x.kind !== "removed").map((x) =>
                x.kind === "added" ? <ins>{x.text}</ins> : <span>{x.text}</span>
              )}
          </p>
        </div>
      </div>
    </section>
  );
}

function valueText(field: string, value: unknown, lang: Lang): string {
  if (value !== null && typeof value === "object") {
    return tr(lang, "（整条规则，见规则详情）", "(a whole rule; see the rule's details)");
  }
  return parameterText(field, value, lang);
}

/** The changes of an amendment or between two versions. */
export function ChangesView(p: { changes: Change[]; content: PolicyContent | null; lang: Lang }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const texts = p.changes.filter((c) => isText(c.field));
  const params = p.changes.filter((c) => !isText(c.field));
  if (p.changes.length === 0) return <p class="empty">{t("没有改动。", "Nothing changes.")}</p>;
  return (
    <div class="changes">
      {texts.map((c) => <TextChange change={c} lang={p.lang} content={p.content} />)}
      {params.length
        ? (
          <table class="params">
            <caption>{t("规则参数的改动", "Rule parameters that change")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("参数", "Parameter")}</th>
                <th scope="col">{t("修改前", "Before")}</th>
                <th scope="col">{t("修改后", "After")}</th>
              </tr>
            </thead>
            <tbody>
              {params.map((c) => (
                <tr>
                  <th scope="row">{fieldLabel(c.field, p.content, p.lang)}</th>
                  <td>
                    <del class={c.before === null ? "none" : undefined}>
                      {valueText(c.field, c.before, p.lang)}
                    </del>
                  </td>
                  <td>
                    <ins class={c.after === null ? "none" : undefined}>
                      {valueText(c.field, c.after, p.lang)}
                    </ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
        : null}
    </div>
  );
}
