/**
 * Answers from the audience. One request answers one item or several items of an open launch;
 * the request is all or nothing:
 *
 * 1. The launch must be open (409), its session neither cancelled nor over (a follow-up excepted),
 *    and a timed quiz within its deadline (409).
 * 2. Each answer is checked and graded against its item (`grading.ts`; 422 naming the field).
 * 3. In one round trip (`answer_write.cypher`), a receipt per item is merged under the (launchId,
 *    itemId, respondentId) uniqueness constraint: if one existed, nothing is written, the transaction
 *    rolls back and the answer is 409 naming the item — simultaneous requests from any number of
 *    instances count once.
 * 4. The answers are written apart from the receipts (anonymous items without the respondent),
 *    with the respondent's declared region and audience, or the session's.
 */
import { type Graph, toPlain } from "@yibao/graph";
import { NotFound, StateConflict, Unacceptable } from "../errors.ts";
import { type LaunchRecord, readLaunch } from "../launches/launch_repository.ts";
import { AlreadyAnswered, LaunchNotFound, NotParticipant } from "../launches/errors.ts";
import { grade, type GradedAnswer, type SentAnswer } from "./grading.ts";
import writeQuery from "./queries/answer_write.cypher" with { type: "text" };
import mineQuery from "./queries/receipts_mine.cypher" with { type: "text" };
import upsertQuery from "./queries/respondent_upsert.cypher" with { type: "text" };
import participatedQuery from "./queries/participated.cypher" with { type: "text" };
import type { FieldError } from "@yibao/kit";

/** The instant to the minute (anonymous answers and their receipts keep no finer time). */
const toMinute = (t: number) => new Date(Math.floor(t / 60_000) * 60_000).toISOString();

/** Answers and respondents. */
export class AnswerRepository {
  constructor(private readonly graph: Graph) {}

  /** Records `sent` for `respondentId`; returns the launch (for live results) and what was stored. */
  async answer(
    launchId: string,
    respondentId: string,
    sent: SentAnswer[],
  ): Promise<{ record: LaunchRecord; answers: (GradedAnswer & { answeredAt: string })[] }> {
    return await this.graph.write(async (tx) => {
      const record = await readLaunch(tx, launchId);
      if (!record) throw new LaunchNotFound(launchId);
      const l = record.launch;
      if (l.status !== "open") {
        throw l.status === "scheduled"
          ? new StateConflict(`Launch "${launchId}" opens at ${l.opensAt}`, "这组题目还没有开放作答")
          : new StateConflict(`Launch "${launchId}" is closed: no more answers`, "这组题目已结束作答");
      }
      if (record.sessionStatus === "cancelled" || (record.ended && l.purpose !== "followUp")) {
        throw new StateConflict("The session is over: no more answers", "该场次已结束，不再接受作答");
      }
      const now = Date.now();
      if (l.deadline && now > Date.parse(l.deadline)) {
        throw new StateConflict(`Launch "${launchId}" is timed and its time is up`, "作答时间已到");
      }
      if (l.purpose === "followUp") {
        const took = (await tx.run(participatedQuery, { sessionId: l.sessionId, launchId, respondentId }))
          .records[0];
        if (!took?.get("participated")) {
          throw new NotParticipant(launchId);
        }
      }
      const byId = new Map(record.items.map((i) => [i.id, i]));
      const problems: FieldError[] = [];
      const graded: GradedAnswer[] = [];
      const seen = new Set<string>();
      sent.forEach((s, n) => {
        const item = byId.get(s.itemId);
        if (!item) {
          problems.push({
            path: `body.answers.${n}.itemId`,
            message: `item "${s.itemId}" is not part of this launch`,
          });
          return;
        }
        if (seen.has(s.itemId)) {
          problems.push({
            path: `body.answers.${n}.itemId`,
            message: `item "${s.itemId}" is answered twice`,
          });
          return;
        }
        seen.add(s.itemId);
        const g = grade(item, s, `body.answers.${n}`);
        if (Array.isArray(g)) problems.push(...g);
        else graded.push(g);
      });
      if (problems.length) throw new Unacceptable(problems, "回答有误，请看各项说明");
      const anonymous = new Set(record.items.filter((i) => i.anonymous).map((i) => i.id));
      const at = (itemId: string) => anonymous.has(itemId) ? toMinute(now) : new Date(now).toISOString();
      const answers = graded.map((g) => ({ ...g, answeredAt: at(g.itemId) }));
      const written = (await tx.run(writeQuery, {
        launchId,
        respondentId,
        nonce: crypto.randomUUID(),
        sessionRegion: record.region,
        sessionAudience: record.audiences.length === 1 ? record.audiences[0]! : null,
        answers: answers.map((a) => ({
          ...a,
          id: `ans-${crypto.randomUUID()}`,
          respondentId: anonymous.has(a.itemId) ? null : respondentId,
        })),
      })).records[0];
      if (!written) throw new LaunchNotFound(launchId);
      const already = written.get("already") as string[];
      if (already.length) {
        throw new AlreadyAnswered(
          already,
          already.map((itemId) => ({
            path: `body.answers.${sent.findIndex((s) => s.itemId === itemId)}.itemId`,
            code: "alreadyAnswered",
            message: {
              zh: `题目「${itemId}」已经作答，提交后不能修改`,
              en: `item "${itemId}" was already answered; answers cannot be changed once sent`,
            },
          })),
        );
      }
      return { record, answers };
    });
  }

  /** Which items of `launches` the respondent answered, per launch. */
  async answered(
    launches: { id: string; itemIds: string[] }[],
    respondentId: string,
  ): Promise<Map<string, string[]>> {
    const pairs = launches.flatMap((l) => l.itemIds.map((itemId) => ({ launchId: l.id, itemId })));
    const out = new Map<string, string[]>(launches.map((l) => [l.id, []]));
    if (pairs.length === 0) return out;
    const rows = await this.graph.read(async (tx) =>
      (await tx.run(mineQuery, { pairs, respondentId })).records
    );
    for (const r of rows) out.get(r.get("launchId") as string)?.push(r.get("itemId") as string);
    return out;
  }

  /** Sets the respondent's declared region and audience (either may stay as it was). */
  async declare(
    sessionId: string,
    respondentId: string,
    input: { regionCode?: string | undefined; audience?: string | undefined },
  ): Promise<{ regionCode: string | null; audience: string | null }> {
    return await this.graph.write(async (tx) => {
      const r = (await tx.run(upsertQuery, {
        sessionId,
        id: respondentId,
        regionCode: input.regionCode ?? null,
        audience: input.audience ?? null,
      })).records[0];
      if (!r) throw new NotFound("session", sessionId);
      if (r.get("unknownRegion")) {
        throw new Unacceptable(
          [{ path: "body.regionCode", message: `unknown region "${input.regionCode}"` }],
          "未知的地区代码",
        );
      }
      return {
        regionCode: (toPlain(r.get("regionCode")) as string | null) ?? null,
        audience: (toPlain(r.get("audience")) as string | null) ?? null,
      };
    });
  }
}
