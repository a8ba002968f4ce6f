/**
 * Polls, quizzes and surveys of a live session as the console uses them (the sessions service's
 * launches API): the host's launches with results, launching from ready items, closing, revealing
 * and hiding. The items to launch come from the item bank (`GET /v1/items?status=ready`); a host may
 * also type an item's id.
 */
import type { Caller, ServiceClient } from "./client.ts";
import { listItems } from "./items.ts";

/** An item as a launch shows it (no key). */
export interface LaunchItem {
  id: string;
  kind: "singleChoice" | "multipleChoice" | "trueFalse" | "rating" | "openText";
  stem: string;
  choices: { id: string; text: string }[];
  anonymous: boolean;
}

/** One item's results. */
export interface ItemResults {
  itemId: string;
  kind: LaunchItem["kind"];
  answered: number;
  counts: Record<string, number>;
  correct: number | null;
  shareCorrect: number | null;
  correctChoiceIds: string[] | null;
  explanation: string | null;
  meanRating: number | null;
  texts?: string[];
}

/** A launch's results. */
export interface LaunchResults {
  launchId: string;
  resultsVisible: boolean;
  status: "scheduled" | "open" | "closed";
  answers: number;
  items: ItemResults[];
  leaderboard: {
    rank: number;
    displayName: string;
    correct: number;
    answered: number;
    totalSeconds: number;
  }[] | null;
}

/** A launch. */
export interface Launch {
  id: string;
  sessionId: string;
  kind: "poll" | "quiz" | "survey";
  purpose: "live" | "preTest" | "postTest" | "satisfaction" | "followUp";
  status: "scheduled" | "open" | "closed";
  resultsVisible: boolean;
  timed: boolean;
  secondsPerItem: number | null;
  openedAt: string | null;
  opensAt?: string | null;
  closedAt: string | null;
  deadline: string | null;
  items: LaunchItem[];
  results: LaunchResults | null;
  answeredItemIds?: string[];
}

/** An item the host can launch (from the items API). */
export interface ReadyItem {
  id: string;
  kind: LaunchItem["kind"];
  stem: string;
  correctChoiceIds?: string[] | null;
}

/** A new launch. */
export interface NewLaunch {
  kind: Launch["kind"];
  purpose: Launch["purpose"];
  itemIds: string[];
  timed: boolean;
  secondsPerItem?: number;
  resultsVisible: boolean;
}

/** Every launch of a session with its results (the session's host). */
export async function sessionLaunches(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
): Promise<Launch[]> {
  return (await sessions.request<{ items: Launch[] }>(
    caller,
    "GET",
    `/v1/sessions/${encodeURIComponent(id)}/launches`,
    { query: { all: "true" } },
  )).data.items;
}

/** Launches a poll, quiz or survey. */
export async function createLaunch(
  sessions: ServiceClient,
  caller: Caller,
  id: string,
  body: NewLaunch,
): Promise<Launch> {
  return (await sessions.request<Launch>(caller, "POST", `/v1/sessions/${encodeURIComponent(id)}/launches`, {
    body,
  }))
    .data;
}

/** Closes a launch, or reveals or hides its results. */
export async function launchAction(
  sessions: ServiceClient,
  caller: Caller,
  launchId: string,
  action: "close" | "reveal" | "hide",
): Promise<Launch> {
  return (await sessions.request<Launch>(
    caller,
    "POST",
    `/v1/launches/${encodeURIComponent(launchId)}/${action}`,
  ))
    .data;
}

/** The newest 200 items ready to launch (the bank's largest page). */
export async function readyItems(sessions: ServiceClient, caller: Caller): Promise<ReadyItem[]> {
  return (await listItems(sessions, caller, { status: "ready", limit: 200 })).items;
}
