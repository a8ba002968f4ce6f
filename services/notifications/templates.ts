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
  summary?: string;
  effectiveFrom?: string;
  /** The first numeric change, e.g. a deductible from 1300 to 800. */
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
}

const hotline = "12393";

function figureZh(f: MessageContext["keyFigure"]): string {
  if (!f) return "";
  return f.before === null ? `新标准：${f.after}。` : `${f.after}（原为 ${f.before}）。`;
}

function figureEn(f: MessageContext["keyFigure"]): string {
  if (!f) return "";
  return f.before === null ? `New figure: ${f.after}. ` : `Now ${f.after} (was ${f.before}). `;
}

function dateZh(iso?: string): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${y}年${m}月${d}日`;
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

type Render = (c: MessageContext) => Message;

const templates: Record<string, Record<Language, Record<Style, Render>>> = {
  "policy.amendment.published": {
    "zh-CN": {
      plain: (c) => ({
        title: `政策调整：${c.policyTitle ?? c.policyId ?? ""}`,
        body: `${c.summary ?? ""}${c.keyFigure ? `调整后：${figureZh(c.keyFigure)}` : ""}自${
          dateZh(c.effectiveFrom)
        }起执行。详询 ${hotline}。`,
      }),
      elderFriendly: (c) => ({
        title: `医保政策有变化`,
        body: `${figureZh(c.keyFigure)}${c.policyTitle ?? ""}有调整。${
          dateZh(c.effectiveFrom)
        }起执行。不清楚请打 ${hotline}。`,
      }),
    },
    en: {
      plain: (c) => ({
        title: `Policy change: ${c.policyTitle ?? c.policyId ?? ""}`,
        body: `${c.summary ?? ""} ${figureEn(c.keyFigure)}In force from ${
          c.effectiveFrom ?? ""
        }. Questions: call ${hotline}.`,
      }),
      elderFriendly: (c) => ({
        title: "Your medical insurance changed",
        body: `${figureEn(c.keyFigure)}It starts on ${c.effectiveFrom ?? ""}. Questions? Call ${hotline}.`,
      }),
    },
  },
  "policy.version.effective": {
    "zh-CN": {
      plain: (c) => ({
        title: `今日起执行：${c.policyTitle ?? c.policyId ?? ""}`,
        body: `${c.policyTitle ?? "该政策"}新版本自${dateZh(c.effectiveFrom)}起执行。${
          c.keyFigure ? `主要变化：${figureZh(c.keyFigure)}` : ""
        }详询 ${hotline}。`,
      }),
      elderFriendly: (c) => ({
        title: "新政策今天开始执行",
        body: `${figureZh(c.keyFigure)}${c.policyTitle ?? ""}今天起执行。不清楚请打 ${hotline}。`,
      }),
    },
    en: {
      plain: (c) => ({
        title: `In force today: ${c.policyTitle ?? c.policyId ?? ""}`,
        body: `The new version applies from ${c.effectiveFrom ?? ""}. ${
          figureEn(c.keyFigure)
        }Questions: call ${hotline}.`,
      }),
      elderFriendly: (c) => ({
        title: "A new rule starts today",
        body: `${figureEn(c.keyFigure)}It starts today. Questions? Call ${hotline}.`,
      }),
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

/** Renders the message for one event in one language and style; a digest joins its items. */
export function renderMessage(c: MessageContext, lang: Language, style: Style): Message {
  if (c.items?.length) {
    const parts = c.items.map((i) => renderMessage(i, lang, style));
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
  const m = t[lang][style](c);
  return {
    title: m.title.trim(),
    body: m.body.replace(/\s+/g, (s) => (s.includes("\n") ? "\n" : " ")).trim(),
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

/** The text an SMS carries: title and body on one line, with the sender's signature first. */
export function smsText(m: Message, lang: Language): string {
  return `${lang === "zh-CN" ? "【医保政策通】" : "[Yibao] "}${m.title}：${m.body}`.replace(/\n/g, " ");
}
