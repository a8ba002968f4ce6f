/** `/items`: the item bank (题库) — filters, items needing review with what changed, import and export; the item form. */
import type { Item } from "../api/items.ts";
import { dateTime, parameterText } from "../web/format.ts";
import { itemKindLabels, itemStatusLabels, label, type Lang, tr } from "../web/i18n.ts";
import type { ItemFormValues } from "../web/item_form.ts";
import { fieldLabel } from "../web/rule_labels.ts";
import { Badge, Csrf, Field, Notice, Select } from "./ui.tsx";

type Named = { id: string; nameZh: string; nameEn: string };

/** What the bank page needs. */
export interface ItemBankProps {
  lang: Lang;
  csrf: string;
  canWrite: boolean;
  filters: { q: string; status: string; topic: string; audience: string; policy: string };
  items: Item[];
  needsReview: Item[];
  /** Titles of the cited policies by id (the id is shown when a title could not be read). */
  policyTitles: Map<string, string>;
  nextHref: string | null;
  topics: Named[];
  audiences: Named[];
  done?: string | undefined;
  importForm?: { format: string; text: string; policy: string; version: string };
  importErrors?: string[];
}

const named = (list: Named[], lang: Lang) =>
  list.map((x) => ({ value: x.id, label: lang === "en" ? x.nameEn : x.nameZh }));

function KeyText(p: { lang: Lang; item: Item }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const it = p.item;
  if (!it.knowledge) {
    return <span class="muted">{t("无标准答案（意见或反馈）", "No key (opinion or feedback)")}</span>;
  }
  if (it.kind === "trueFalse") {
    return <span>{it.correctChoiceIds[0] === "true" ? t("对", "True") : t("错", "False")}</span>;
  }
  if (it.kind === "openText") return <span>{it.correctChoiceIds.join(" / ")}</span>;
  return (
    <span>{it.choices.filter((c) => it.correctChoiceIds.includes(c.id)).map((c) => c.text).join("；")}</span>
  );
}

/** One item needing review: why, what changed, confirm or edit. */
function ReviewCard(p: { lang: Lang; csrf: string; item: Item; canWrite: boolean; title: string }) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const r = p.item.review!;
  return (
    <li class="rebrief-item">
      <p>
        <strong>{p.item.stem}</strong>
      </p>
      <p class="small">
        {t(
          `考查政策「${p.title}」（第 ${r.testedVersion ?? p.item.tests?.version ?? "?"} 版），已修订为第 ${
            r.version ?? "?"
          } 版，记录于 ${dateTime(r.flaggedAt)}`,
          `Tests “${p.title}” (version ${
            r.testedVersion ?? p.item.tests?.version ?? "?"
          }), amended to version ${r.version ?? "?"}, noted ${dateTime(r.flaggedAt)}`,
        )}
      </p>
      {r.summary ? <p>{r.summary}</p> : null}
      {r.changes.length
        ? (
          <ul aria-label={t("修订改动", "What changed")}>
            {r.changes.map((ch) => (
              <li>
                {fieldLabel(ch.field, null, p.lang, { withRule: false })}：{parameterText(
                  ch.field,
                  ch.before,
                  p.lang,
                )} → {parameterText(ch.field, ch.after, p.lang)}
              </li>
            ))}
          </ul>
        )
        : null}
      {p.canWrite
        ? (
          <div class="row actions">
            <form method="post" action={`/items/${p.item.id}/confirm`} class="inline">
              <Csrf token={p.csrf} />
              <button type="submit">{t("确认仍然正确", "Still right: confirm")}</button>
            </form>
            <a href={`/items/${p.item.id}/edit`}>{t("修改这道题", "Edit this item")}</a>
          </div>
        )
        : null}
    </li>
  );
}

/** The item bank. */
export function ItemBankPage(p: ItemBankProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  return (
    <section>
      <h1>{t("题库", "Item bank")}</h1>
      <p class="lead">
        {t(
          "直播中投票、测验和问卷用的题目。有标准答案的题目注明考查的政策和版本；政策修订后，这些题目会标为待复核，确认或修改后才能再用。",
          "Items for polls, quizzes and surveys in live sessions. Items with a key cite the policy and version they test; when that policy is amended they need review, and cannot be used until confirmed or edited.",
        )}
      </p>
      {p.done ? <Notice kind="ok">{p.done}</Notice> : null}
      {p.canWrite
        ? (
          <p>
            <a href="/items/new" class="button">{t("新建题目", "New item")}</a>
          </p>
        )
        : null}

      <section aria-labelledby="review-h">
        <h2 id="review-h">
          {t(`待复核（${p.needsReview.length}）`, `Needs review (${p.needsReview.length})`)}
        </h2>
        {p.needsReview.length
          ? (
            <ul class="questions">
              {p.needsReview.map((item) => (
                <ReviewCard
                  lang={p.lang}
                  csrf={p.csrf}
                  item={item}
                  canWrite={p.canWrite}
                  title={p.policyTitles.get(item.review!.policyId) ?? item.review!.policyId}
                />
              ))}
            </ul>
          )
          : <p class="muted">{t("没有需要复核的题目。", "No item needs review.")}</p>}
      </section>

      <section aria-labelledby="bank-h">
        <h2 id="bank-h">{t("全部题目", "All items")}</h2>
        <form method="get" action="/items" class="filters" role="search">
          <Field name="q" label={t("题干包含", "Question contains")} value={p.filters.q} />
          <Select
            name="status"
            label={t("状态", "State")}
            value={p.filters.status}
            options={Object.keys(itemStatusLabels).map((k) => ({
              value: k,
              label: label(itemStatusLabels, k, p.lang),
            }))}
            any={t("全部", "All")}
          />
          <Select
            name="topic"
            label={t("主题", "Topic")}
            value={p.filters.topic}
            options={named(p.topics, p.lang)}
            any={t("全部", "All")}
          />
          <Select
            name="audience"
            label={t("人群", "Audience")}
            value={p.filters.audience}
            options={named(p.audiences, p.lang)}
            any={t("全部", "All")}
          />
          <Field name="policy" label={t("考查的政策编号", "Policy tested (id)")} value={p.filters.policy} />
          <button type="submit">{t("筛选", "Filter")}</button>
          <a href="/items">{t("清除筛选", "Clear filters")}</a>
        </form>
        {p.items.length === 0
          ? <p class="empty">{t("没有符合条件的题目。", "No items match.")}</p>
          : (
            <table class="audit" aria-label={t("题目列表", "Items")}>
              <thead>
                <tr>
                  <th scope="col">{t("题干", "Question")}</th>
                  <th scope="col">{t("题型", "Kind")}</th>
                  <th scope="col">{t("正确答案", "Key")}</th>
                  <th scope="col">{t("考查的政策", "Policy tested")}</th>
                  <th scope="col">{t("状态", "State")}</th>
                  <th scope="col">{t("更新时间", "Updated")}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((it) => (
                  <tr>
                    <td>
                      {p.canWrite ? <a href={`/items/${it.id}/edit`}>{it.stem}</a> : it.stem}
                      {it.anonymous
                        ? <span class="muted small">{t("（匿名作答）", " (anonymous)")}</span>
                        : null}
                    </td>
                    <td>{label(itemKindLabels, it.kind, p.lang)}</td>
                    <td>
                      <KeyText lang={p.lang} item={it} />
                    </td>
                    <td>
                      {it.tests
                        ? (
                          <a href={`/policies/${encodeURIComponent(it.tests.policyId)}`}>
                            {t(
                              `${
                                p.policyTitles.get(it.tests.policyId) ?? it.tests.policyId
                              }（第 ${it.tests.version} 版）`,
                              `${
                                p.policyTitles.get(it.tests.policyId) ?? it.tests.policyId
                              } (version ${it.tests.version})`,
                            )}
                          </a>
                        )
                        : <span class="muted">—</span>}
                    </td>
                    <td>
                      <Badge kind={it.status === "ready" ? "ok" : "returned"}>
                        {label(itemStatusLabels, it.status, p.lang)}
                      </Badge>
                    </td>
                    <td>{dateTime(it.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        {p.nextHref
          ? (
            <nav class="pager" aria-label={t("翻页", "Pages")}>
              <a href={p.nextHref} rel="next">{t("更多题目", "More items")}</a>
            </nav>
          )
          : null}
        {p.items.length
          ? (
            <form method="get" action="/items/export" class="filters">
              {p.items.map((it) => <input type="hidden" name="ids" value={it.id} />)}
              <Select
                name="format"
                label={t("导出格式", "Export format")}
                value="gift"
                options={[{ value: "gift", label: "Moodle GIFT" }, { value: "qti", label: "QTI 3.0" }]}
              />
              <button type="submit">{t("导出本页题目", "Export the items on this page")}</button>
            </form>
          )
          : null}
      </section>

      {p.canWrite
        ? (
          <section aria-labelledby="import-h">
            <h2 id="import-h">{t("导入题目", "Import items")}</h2>
            <p class="hint">
              {t(
                "支持 QTI 3.0 的单选、多选和填空题，以及 Moodle GIFT 的选择、判断和简答题。其他题型会被拒绝，并说明是第几题、哪种题型。有标准答案的题目要注明考查的政策和版本。",
                "QTI 3.0 choice and text-entry items, and Moodle GIFT multiple choice, true/false and short answer. Anything else is refused, naming the item and the construct. Items with a key need the policy and version they test.",
              )}
            </p>
            {p.importErrors?.length
              ? (
                <Notice kind="error" title={t("没有导入任何题目", "Nothing was imported")}>
                  <ul>{p.importErrors.map((e) => <li>{e}</li>)}</ul>
                </Notice>
              )
              : null}
            <form method="post" action="/items/import">
              <Csrf token={p.csrf} />
              <Select
                name="format"
                label={t("文件格式", "File format")}
                value={p.importForm?.format ?? "gift"}
                options={[{ value: "gift", label: "Moodle GIFT" }, { value: "qti", label: "QTI 3.0 (XML)" }]}
              />
              <Field
                name="policy"
                label={t("考查的政策编号", "Policy tested (id)")}
                value={p.importForm?.policy}
              />
              <Field
                name="version"
                label={t("政策版本", "Policy version")}
                inputmode="numeric"
                value={p.importForm?.version}
              />
              <Field
                name="text"
                label={t("文件内容", "File contents")}
                multiline
                rows={8}
                value={p.importForm?.text}
              />
              <button type="submit">{t("导入", "Import")}</button>
            </form>
          </section>
        )
        : null}
    </section>
  );
}

/** What the item form needs. */
export interface ItemFormProps {
  lang: Lang;
  csrf: string;
  action: string;
  editing: Item | null;
  etag: string | null;
  values: ItemFormValues;
  errors: Partial<Record<keyof ItemFormValues, string>>;
  problem?: string | undefined;
  topics: Named[];
  audiences: Named[];
}

/** New item or edit. */
export function ItemFormPage(p: ItemFormProps) {
  const t = (zh: string, en: string) => tr(p.lang, zh, en);
  const v = p.values;
  return (
    <section>
      <p class="crumbs">
        <a href="/items">{t("题库", "Item bank")}</a>
      </p>
      <h1>{p.editing ? t("修改题目", "Edit item") : t("新建题目", "New item")}</h1>
      {p.editing?.status === "needsReview"
        ? (
          <Notice kind="warn">
            {t(
              "这道题待复核：保存修改即视为已复核。",
              "This item needs review: saving an edit counts as reviewing it.",
            )}
          </Notice>
        )
        : null}
      {p.problem ? <Notice kind="error">{p.problem}</Notice> : null}
      {Object.keys(p.errors).length
        ? <Notice kind="error">{t("请修改标出的项目。", "Correct the fields marked below.")}</Notice>
        : null}
      <form method="post" action={p.action}>
        <Csrf token={p.csrf} />
        {p.etag ? <input type="hidden" name="etag" value={p.etag} /> : null}
        <Select
          name="kind"
          label={t("题型", "Kind")}
          value={v.kind}
          options={Object.keys(itemKindLabels).map((k) => ({
            value: k,
            label: label(itemKindLabels, k, p.lang),
          }))}
          error={p.errors.kind}
        />
        <Field
          name="stem"
          label={t("题干", "Question")}
          multiline
          rows={3}
          value={v.stem}
          error={p.errors.stem}
        />
        <Field
          name="choices"
          label={t("选项", "Choices")}
          multiline
          rows={5}
          value={v.choices}
          error={p.errors.choices}
          hint={t(
            "单选题和多选题：每行一个选项，依次为 a、b、c……",
            "Choice items: one choice per line, a, b, c …",
          )}
        />
        <Field
          name="key"
          label={t("正确答案", "Key")}
          value={v.key}
          error={p.errors.key}
          hint={t(
            "选择题填选项字母（多选用逗号隔开）；判断题填“对”或“错”；简答题填可接受的答案，用 | 隔开；评分题和意见题留空。",
            "Choice items: the letters (several separated by commas); true/false: True or False; short answer: accepted answers separated by |; ratings and opinion items: leave empty.",
          )}
        />
        <Field
          name="explanation"
          label={t("答案解析", "Explanation")}
          multiline
          rows={3}
          value={v.explanation}
          error={p.errors.explanation}
          hint={t("有正确答案时必填：用通俗的话说明为什么。", "Required with a key: why, in plain words.")}
        />
        <Field
          name="policy"
          label={t("考查的政策编号", "Policy tested (id)")}
          value={v.policy}
          error={p.errors.policy}
          hint={t("有正确答案时必填。", "Required with a key.")}
        />
        <Field
          name="version"
          label={t("政策版本", "Policy version")}
          inputmode="numeric"
          value={v.version}
          error={p.errors.version}
        />
        <Select
          name="topic"
          label={t("主题", "Topic")}
          value={v.topic}
          options={named(p.topics, p.lang)}
          any={t("不限", "None")}
          error={p.errors.topic}
        />
        <Select
          name="audience"
          label={t("人群", "Audience")}
          value={v.audience}
          options={named(p.audiences, p.lang)}
          any={t("不限", "None")}
          error={p.errors.audience}
        />
        <div class="field">
          <label>
            <input type="checkbox" name="anonymous" value="1" checked={v.anonymous} />{" "}
            {t("匿名作答（只记录答案，不记录是谁答的）", "Anonymous answers (what, never who)")}
          </label>
        </div>
        <button type="submit">{t("保存", "Save")}</button>
      </form>
    </section>
  );
}
