/** Small helpers for the admin forms' error messages. */
import type { Lang } from "../web/i18n.ts";

/** Picks one side of a "中文 / English" message (as the accounts' and keys' schemas write them). */
export function side(message: string, lang: Lang): string {
  const parts = message.split(" / ");
  return parts.length === 2 ? (lang === "en" ? parts[1]! : parts[0]!) : message;
}
