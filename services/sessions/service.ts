import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";

/** The sessions service: live Q&A scheduling, questions, votes, moderation and the live stream of events. */
export const service: ServiceSpec<z.ZodObject> = {
  name: "sessions",
  version: "0.1.0",
  defaultPort: 8104,
  title: "医保政策通 · 直播答疑 / Live Q&A sessions",
  description:
    "直播答疑场次排期、提问、点赞、审核与实时推送。Scheduling, questions, votes, moderation and live events of Q&A sessions.",
  setup() {
    // Domain routes and consumers are added by the issues that build this service.
  },
};
