/**
 * @module
 * A subset of QTI 3.0 items (1EdTech Question and Test Interoperability), read and written:
 *
 * 1. Read: one `<qti-assessment-item>` document, or any root element holding several (our export
 *    uses `<qti-items>`; content packages with a manifest are not read). Each item has exactly one
 *    interaction, either `qti-choice-interaction` (single: `max-choices="1"` and cardinality
 *    `single`; multiple otherwise; choices `true`/`false` alone make a true/false item) or
 *    `qti-text-entry-interaction` (short answer: the correct response's values and the positive
 *    keys of its `qti-mapping` are the accepted answers). The stem is the `qti-prompt`, else the
 *    item body's text outside the interaction; the explanation is the text of the
 *    `qti-modal-feedback` elements. Any other interaction is refused naming it and the item.
 * 2. Write: rating items have no form in the subset and are refused; everything else round-trips.
 */
import { type Imported, InterchangeRefused, type Refusal, unsupported, wrong } from "./interchange.ts";
import type { Item } from "./model.ts";
import { descendants, elements, escapeXml, parseXml, textOf, type XmlElement, XmlError } from "./xml.ts";

const interactions = new Set([
  "qti-choice-interaction",
  "qti-text-entry-interaction",
  "qti-extended-text-interaction",
  "qti-match-interaction",
  "qti-associate-interaction",
  "qti-gap-match-interaction",
  "qti-hotspot-interaction",
  "qti-hottext-interaction",
  "qti-inline-choice-interaction",
  "qti-order-interaction",
  "qti-graphic-order-interaction",
  "qti-graphic-associate-interaction",
  "qti-graphic-gap-match-interaction",
  "qti-select-point-interaction",
  "qti-slider-interaction",
  "qti-upload-interaction",
  "qti-drawing-interaction",
  "qti-media-interaction",
  "qti-position-object-interaction",
  "qti-end-attempt-interaction",
  "qti-custom-interaction",
  "qti-portable-custom-interaction",
]);

/** Reads the items of a QTI 3.0 document (the subset above); refuses with every problem named. */
export function parseQti(xml: string): Imported[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlError) {
      throw new InterchangeRefused([{
        position: 0,
        ident: "-",
        zh: `文件不是有效的 XML：${e.message}`,
        en: `The file is not well-formed XML: ${e.message}`,
      }]);
    }
    throw e;
  }
  const items = root.name === "qti-assessment-item" ? [root] : elements(root, "qti-assessment-item");
  if (items.length === 0) {
    throw new InterchangeRefused([{
      position: 0,
      ident: "-",
      zh: "文件里没有 qti-assessment-item 题目",
      en: "The file holds no qti-assessment-item",
    }]);
  }
  const out: Imported[] = [];
  const refusals: Refusal[] = [];
  items.forEach((el, n) => {
    const r = readItem(el, n + 1);
    if ("refusal" in r) refusals.push(r.refusal);
    else out.push(r.item);
  });
  if (refusals.length) throw new InterchangeRefused(refusals);
  return out;
}

function readItem(el: XmlElement, position: number): { item: Imported } | { refusal: Refusal } {
  const ident = el.attrs.identifier ?? `q${position}`;
  const body = elements(el, "qti-item-body")[0];
  if (!body) return { refusal: wrong(position, ident, "没有 qti-item-body", "has no qti-item-body") };
  const found = descendants(body).filter((d) => interactions.has(d.name));
  const other = found.find((d) =>
    d.name !== "qti-choice-interaction" && d.name !== "qti-text-entry-interaction"
  );
  if (other) return { refusal: unsupported(position, ident, other.name) };
  if (found.length !== 1) {
    return {
      refusal: found.length === 0
        ? wrong(position, ident, "没有作答方式（interaction）", "has no interaction")
        : unsupported(position, ident, "more than one interaction in one item"),
    };
  }
  const interaction = found[0]!;
  const responseId = interaction.attrs["response-identifier"] ?? "RESPONSE";
  const decl = elements(el, "qti-response-declaration").find((d) => d.attrs.identifier === responseId);
  const correct = decl
    ? elements(
      elements(decl, "qti-correct-response")[0] ?? { name: "", attrs: {}, children: [] },
      "qti-value",
    )
      .map(textOf)
    : [];
  const explanation = elements(el, "qti-modal-feedback").map(textOf).filter(Boolean).join("\n");
  const prompt = elements(interaction, "qti-prompt")[0];
  const stem = prompt ? textOf(prompt) : stemOutside(body, interaction);
  if (!stem) return { refusal: wrong(position, ident, "没有题干", "has no question text") };

  if (interaction.name === "qti-text-entry-interaction") {
    const mapped = decl
      ? descendants(decl).filter((d) =>
        d.name === "qti-map-entry" && Number(d.attrs["mapped-value"] ?? "0") > 0
      )
        .map((d) => d.attrs["map-key"] ?? "")
      : [];
    const accepted = [...new Set([...correct, ...mapped].map((s) => s.trim()).filter(Boolean))];
    return { item: { ident, kind: "openText", stem, choices: [], correctChoiceIds: accepted, explanation } };
  }
  const choices = elements(interaction, "qti-simple-choice").map((c) => ({
    id: c.attrs.identifier ?? "",
    text: textOf(c),
  }));
  if (choices.some((c) => !c.id)) {
    return { refusal: wrong(position, ident, "有选项缺少 identifier", "has a choice without an identifier") };
  }
  const max = Number(interaction.attrs["max-choices"] ?? "1");
  const single = max === 1 && (decl?.attrs.cardinality ?? "single") === "single";
  const ids = choices.map((c) => c.id).sort().join(",");
  const kind = single && ids === "false,true" ? "trueFalse" : single ? "singleChoice" : "multipleChoice";
  return { item: { ident, kind, stem, choices, correctChoiceIds: correct, explanation } };
}

/** The item body's text without the interaction (stem given as paragraphs before it). */
function stemOutside(body: XmlElement, interaction: XmlElement): string {
  const strip = (el: XmlElement): string =>
    el.children.map((c) => typeof c === "string" ? c : c === interaction ? " " : ` ${strip(c)} `).join("");
  return strip(body).replace(/\s+/g, " ").trim();
}

/** Writes items as QTI 3.0 (`<qti-items>` holding one `<qti-assessment-item>` each); rating items are refused. */
export function toQti(items: Item[]): string {
  const refusals = items.flatMap((it, n) =>
    it.kind === "rating" ? [unsupported(n + 1, it.id, "rating (1–5)")] : []
  );
  if (refusals.length) throw new InterchangeRefused(refusals);
  const out = items.map((it) => {
    const text = it.kind === "openText";
    const multiple = it.kind === "multipleChoice";
    const values = it.correctChoiceIds.map((v) => `        <qti-value>${escapeXml(v)}</qti-value>`).join(
      "\n",
    );
    const correct = it.correctChoiceIds.length
      ? `\n      <qti-correct-response>\n${values}\n      </qti-correct-response>`
      : "";
    const mapping = text && it.correctChoiceIds.length > 1
      ? `\n      <qti-mapping default-value="0">\n${
        it.correctChoiceIds.map((v) => `        <qti-map-entry map-key="${escapeXml(v)}" mapped-value="1"/>`)
          .join("\n")
      }\n      </qti-mapping>`
      : "";
    const interaction = text
      ? `      <p>${
        escapeXml(it.stem)
      }</p>\n      <qti-text-entry-interaction response-identifier="RESPONSE"/>`
      : `      <qti-choice-interaction response-identifier="RESPONSE" max-choices="${multiple ? 0 : 1}">\n` +
        `        <qti-prompt>${escapeXml(it.stem)}</qti-prompt>\n` +
        it.choices.map((c) =>
          `        <qti-simple-choice identifier="${escapeXml(c.id)}">${
            escapeXml(c.text)
          }</qti-simple-choice>\n`
        ).join("") +
        `      </qti-choice-interaction>`;
    const feedback = it.explanation
      ? `\n    <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show">` +
        `<qti-content-body><p>${escapeXml(it.explanation)}</p></qti-content-body></qti-modal-feedback>`
      : "";
    return `  <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="${
      escapeXml(it.id)
    }" title="${escapeXml(it.stem.slice(0, 60))}" adaptive="false" time-dependent="false">
    <qti-response-declaration identifier="RESPONSE" cardinality="${
      multiple ? "multiple" : "single"
    }" base-type="${text ? "string" : "identifier"}">${correct}${mapping}
    </qti-response-declaration>
    <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
    <qti-item-body>
${interaction}
    </qti-item-body>
    <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/${
      text && it.correctChoiceIds.length > 1 ? "map_response" : "match_correct"
    }.xml"/>${feedback}
  </qti-assessment-item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<qti-items>\n${out.join("\n")}\n</qti-items>\n`;
}
