import { type FigureLine, figureLines } from "./change_words.ts";

/**
 * Message templates per event type, in zh-CN and en, plain and elder-friendly (short sentences,
 * the key number first, the 12393 hotline), and SMS segment accounting.
 */

/** Languages a subscriber may choose. */
export const languages = ["zh-CN", "en"] as const;
/** A subscriber's language. */
export type Language = typeof languages[number];
/** Plain, or elder-friendly (适老化). */
export type Style = "plain" | "elderFriendly";

/** What a template may say: filled from the event and the graph at fan-out. */
export interface MessageContext {
  eventType: string;
  policyTitle?: string;
  policyId?: string;
  /** The amendment's summary: what changes, in plain Chinese. */
  summary?: string;
  effectiveFrom?: string;
  /** The policy's plain summaries by audience (`insured`, `elderly` …) as the new version has them. */
  summaries?: Record<string, string>;
  /** Each changed rule figure in words, both languages (`change_words.ts`). */
  figures?: FigureLine[];
  /** The amendment's structured change list, for webhooks (templates never show it). */
  changes?: unknown[];
  /** Contexts stored before `figures` existed carry the first numeric change; read through {@linkcode figureLines}. */
  keyFigure?: { field: string; before: number | null; after: number };
  sessionTitle?: string;
  startsAt?: string;
  /** For a digest: the messages it collects. */
  items?: MessageContext[];
}

/** A rendered message. */
export interface Message {
  title: string;
  body: string;
  /** The whole SMS text (signature included) when the template wrote one within {@linkcode smsMaxCharacters}. */
  sms?: string;
}

/** Who the message is for: their audiences choose the policy summary they read. */
export interface Reader {
  audiences?: readonly string[];
}

/**
 * The longest SMS a template writes: 134 characters, two UCS-2 parts of 67 (any Chinese makes an
 * SMS UCS-2). The amendment's summary is cut at a clause with "…" to fit; the effective date and the
 * 12393 hotline are always kept.
 */
export const smsMaxCharacters = 134;

const hotline = "12393";

/** The policy summary a reader gets: the elderly one for elder-friendly readers when there is one, else their audience's, else the general one. */
export function summaryFor(
  summaries: Record<string, string> | undefined,
  style: Style,
  reader: Reader = {},
): string | undefined {
  if (!summaries) return undefined;
  if (style === "elderFriendly" && summaries.elderly) return summaries.elderly;
  for (const a of reader.audiences ?? []) if (summaries[a]) return summaries[a];
  return summaries.insured ?? Object.values(summaries)[0];
}

function figuresOf(c: MessageContext): FigureLine[] {
  if (c.figures) return c.figures;
  return c.keyFigure ? figureLines([c.keyFigure]) : [];
}

/** "2027-01-01" → "2027年1月1日". */
export function dateZh(iso?: string): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2027-01-01" → "1 January 2027" ("1 Jan 2027" when `short`). */
export function dateEn(iso?: string, short = false): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  const month = months[(m ?? 1) - 1]!;
  return `${d} ${short ? month.slice(0, 3) : month} ${y}`;
}

/** A sentence ends with "。" (Chinese) once. */
function sentenceZh(text: string | undefined): string {
  const t = (text ?? "").trim();
  if (!t) return "";
  return /[。！？!?]$/.test(t) ? t : `${t}。`;
}

function sentenceEn(text: string | undefined): string {
  const t = (text ?? "").trim();
  if (!t) return "";
  return /[.!?]$/.test(t) ? `${t} ` : `${t}. `;
}

/**
 * Cuts `text` to at most `max` characters (code points), at the last clause or sentence mark when
 * one is in the second half, and marks the cut with "…"; text that fits is returned as it is.
 */
export function truncateClean(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return "…".slice(0, max);
  const head = chars.slice(0, max - 1);
  let cut = -1;
  for (let i = head.length - 1; i >= Math.floor(head.length / 2); i--) {
    if ("，。；、：！？ ".includes(head[i]!)) {
      cut = i;
      break;
    }
    if ("）)".includes(head[i]!)) {
      cut = i + 1;
      break;
    }
  }
  const kept = (cut >= 0 ? head.slice(0, cut) : head).join("").replace(/[，。；、：,;:\s]+$/, "");
  return `${kept}…`;
}

/** An SMS of signature, title, what changed and the tail, the middle cut to fit {@linkcode smsMaxCharacters}. */
function fitSms(lang: Language, title: string, middle: string, tail: string): string {
  const sign = lang === "zh-CN" ? "【医保政策通】" : "[Yibao] ";
  const sep = lang === "zh-CN" ? "：" : ": ";
  const len = (s: string) => [...s].length;
  // a long title leaves the change at least 30 characters
  const titleRoom = smsMaxCharacters - len(sign) - len(sep) - len(tail) - 30;
  const t = truncateClean(title, Math.max(8, titleRoom));
  // English puts ". " between the change and the tail
  const room = smsMaxCharacters - len(sign) - len(t) - len(sep) - len(tail) - (lang === "en" ? 2 : 0);
  const m = middle.trim() ? truncateClean(middle.trim(), room) : "";
  const gap = lang === "en" && m && !/[.…]$/.test(m) ? ". " : lang === "en" && m ? " " : "";
  return `${sign}${t}${sep}${m}${gap}${tail}`;
}

function policyMessageZh(c: MessageContext, style: Style, reader: Reader, effective: boolean): Message {
  const title = c.policyTitle ?? "医保政策";
  const figures = figuresOf(c).map((f) => f.zh);
  const summary = sentenceZh(c.summary);
  const reading = summaryFor(c.summaries, style, reader);
  const when = c.effectiveFrom ? `自${dateZh(c.effectiveFrom)}起执行。` : "";
  if (style === "elderFriendly") {
    const key = figures[0] ? `${figures[0]}。` : "";
    const what = effective ? `${title}新规定今天开始执行。` : `${title}有调整。`;
    return {
      title: effective ? "新的医保规定今天开始执行" : "医保政策有变化",
      body: `${key}${what}${summary}${reading ? `简单说：${sentenceZh(reading)}` : ""}${
        dateZh(c.effectiveFrom)
      }起执行。不清楚请打 ${hotline}。`,
      sms: fitSms(
        "zh-CN",
        effective ? "新规定今天开始执行" : "医保政策有变化",
        `${key}${title}有调整。${summary}`,
        `${dateZh(c.effectiveFrom)}起执行，不清楚请打${hotline}。`,
      ),
    };
  }
  const changed = figures.length ? `具体调整：${figures.join("；")}。` : "";
  const lead = effective ? `${title}的新规定今天开始执行。` : "";
  return {
    title: effective ? `今天起执行：${title}` : `政策调整：${title}`,
    body: `${lead}${summary}${changed}${
      reading ? `政策解读：${sentenceZh(reading)}` : ""
    }${when}如有疑问，请拨打医保服务热线 ${hotline}。`,
    sms: fitSms(
      "zh-CN",
      effective ? `${title}今起执行` : `${title}调整`,
      `${summary || changed}`,
      `${when.replace(/。$/, "，")}详询${hotline}。`,
    ),
  };
}

function policyMessageEn(c: MessageContext, style: Style, reader: Reader, effective: boolean): Message {
  const title = c.policyTitle ?? "a medical insurance policy";
  const figures = figuresOf(c).map((f) => f.en);
  const reading = summaryFor(c.summaries, style, reader);
  const when = c.effectiveFrom ? `In force from ${dateEn(c.effectiveFrom)}. ` : "";
  // The summaries are published in Chinese only: quoted as such, after the English.
  const inChinese = `${c.summary ? `Summary (in Chinese): ${c.summary} ` : ""}${
    reading ? `Plain explanation (in Chinese): ${reading} ` : ""
  }`;
  if (style === "elderFriendly") {
    const key = figures[0] ? sentenceEn(figures[0]) : "";
    return {
      title: effective ? "A new medical insurance rule starts today" : "Your medical insurance changed",
      body: `${key}${effective ? `New rules of ${title} start today. ` : `${title} changed. `}${
        c.effectiveFrom ? `It starts on ${dateEn(c.effectiveFrom)}. ` : ""
      }${inChinese}Questions? Call ${hotline}.`,
      sms: fitSms(
        "en",
        effective ? "New rule from today" : "Medical insurance",
        key,
        `${c.effectiveFrom ? `Starts ${dateEn(c.effectiveFrom, true)}. ` : ""}Call ${hotline}.`,
      ),
    };
  }
  const changed = figures.length ? `What changes: ${figures.join("; ")}. ` : "";
  return {
    title: effective ? `In force today: ${title}` : `Policy change: ${title}`,
    body: `${
      effective ? `The new rules of ${title} apply from today. ` : ""
    }${changed}${when}${inChinese}Questions: call the medical insurance hotline ${hotline}.`,
    sms: fitSms(
      "en",
      effective ? "In force today" : "Medical insurance",
      figures.join("; "),
      `${c.effectiveFrom ? `From ${dateEn(c.effectiveFrom, true)}. ` : ""}Call ${hotline}.`,
    ),
  };
}

function timeZh(iso?: string): string {
  if (!iso) return "";
  const t = new Date(iso);
  const f = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return f.format(t);
}

function timeEn(iso?: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso)) + " (Beijing time)";
}

type Render = (c: MessageContext, reader: Reader) => Message;

const templates: Record<string, Record<Language, Record<Style, Render>>> = {
  "policy.amendment.published": {
    "zh-CN": {
      plain: (c, r) => policyMessageZh(c, "plain", r, false),
      elderFriendly: (c, r) => policyMessageZh(c, "elderFriendly", r, false),
    },
    en: {
      plain: (c, r) => policyMessageEn(c, "plain", r, false),
      elderFriendly: (c, r) => policyMessageEn(c, "elderFriendly", r, false),
    },
  },
  "policy.version.effective": {
    "zh-CN": {
      plain: (c, r) => policyMessageZh(c, "plain", r, true),
      elderFriendly: (c, r) => policyMessageZh(c, "elderFriendly", r, true),
    },
    en: {
      plain: (c, r) => policyMessageEn(c, "plain", r, true),
      elderFriendly: (c, r) => policyMessageEn(c, "elderFriendly", r, true),
    },
  },
  "session.reminder": {
    "zh-CN": {
      plain: (c) => ({
        title: `直播提醒：${c.sessionTitle ?? "政策面对面"}`,
        body: `「${c.sessionTitle ?? "政策面对面"}」将于${timeZh(c.startsAt)}开始，欢迎观看并提问。`,
      }),
      elderFriendly: (c) => ({
        title: "医保直播快开始了",
        body: `${timeZh(c.startsAt)}开始。讲医保政策。可以提问。不清楚请打 ${hotline}。`,
      }),
    },
    en: {
      plain: (c) => ({
        title: `Live session soon: ${c.sessionTitle ?? ""}`,
        body: `"${c.sessionTitle ?? "Policy Q&A"}" starts at ${
          timeEn(c.startsAt)
        }. Join and ask your questions.`,
      }),
      elderFriendly: (c) => ({
        title: "A live Q&A starts soon",
        body: `It starts at ${timeEn(c.startsAt)}. You can ask questions. Or call ${hotline}.`,
      }),
    },
  },
  "session.needs-rebrief": {
    "zh-CN": {
      plain: (c) => ({
        title: `直播内容将更新：${c.sessionTitle ?? ""}`,
        body: `「${c.sessionTitle ?? "政策面对面"}」涉及的政策刚有调整，直播将按新政策讲解。${
          c.summary ?? ""
        }`,
      }),
      elderFriendly: () => ({
        title: "直播讲的政策有变化",
        body: `政策刚调整。直播会讲新规定。不清楚请打 ${hotline}。`,
      }),
    },
    en: {
      plain: (c) => ({
        title: `Session update: ${c.sessionTitle ?? ""}`,
        body: `A policy covered by "${
          c.sessionTitle ?? "the session"
        }" just changed; the session will cover the new rules. ${c.summary ?? ""}`,
      }),
      elderFriendly: () => ({
        title: "The live Q&A will cover a new rule",
        body: `A rule just changed. The session will explain it. Questions? Call ${hotline}.`,
      }),
    },
  },
};

/** The event types with templates: the types this service fans out. */
export const templatedEventTypes = Object.keys(templates);

/**
 * Renders the message for one event in one language and style, for one reader (whose audiences
 * choose the policy summary); a digest joins its items.
 */
export function renderMessage(c: MessageContext, lang: Language, style: Style, reader: Reader = {}): Message {
  if (c.items?.length) {
    const parts = c.items.map((i) => renderMessage(i, lang, style, reader));
    return lang === "zh-CN"
      ? {
        title: `医保政策更新（${parts.length}条）`,
        body: parts.map((p, i) => `${i + 1}. ${p.title}：${p.body}`).join("\n"),
      }
      : {
        title: `Medical insurance updates (${parts.length})`,
        body: parts.map((p, i) => `${i + 1}. ${p.title}: ${p.body}`).join("\n"),
      };
  }
  const t = templates[c.eventType];
  if (!t) throw new Error(`No template for event type "${c.eventType}"`);
  const m = t[lang][style](c, reader);
  const tidy = (x: string) => x.replace(/\s+/g, (s) => (s.includes("\n") ? "\n" : " ")).trim();
  return {
    title: m.title.trim(),
    body: tidy(m.body),
    ...(m.sms ? { sms: tidy(m.sms) } : {}),
  };
}

const gsm7 = /^[\n\r A-Za-z0-9@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

/**
 * SMS segments for `text`: with any Chinese (UCS-2), 70 characters fit one message and a longer
 * text is split into parts of 67 (each part carries a 3-character header); GSM-7 text, 160 and 153.
 */
export function smsSegments(
  text: string,
): { encoding: "UCS-2" | "GSM-7"; characters: number; segments: number } {
  const characters = [...text].length;
  const ucs2 = !gsm7.test(text);
  const [single, part] = ucs2 ? [70, 67] : [160, 153];
  const segments = characters === 0 ? 0 : characters <= single ? 1 : Math.ceil(characters / part);
  return { encoding: ucs2 ? "UCS-2" : "GSM-7", characters, segments };
}

/**
 * The text an SMS carries: the template's own SMS when it wrote one; otherwise title and body on
 * one line, with the sender's signature first.
 */
export function smsText(m: Message, lang: Language): string {
  if (m.sms) return m.sms;
  return `${lang === "zh-CN" ? "【医保政策通】" : "[Yibao] "}${m.title}：${m.body}`.replace(/\n/g, " ");
}
