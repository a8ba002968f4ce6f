import { createOutboxRelay } from "@yibao/events";
import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";

/** The policy-admin service: the operators' amendment workflow: draft, four-eyes review, publish, audit. */
export const service: ServiceSpec<z.ZodObject> = {
  name: "policy-admin",
  version: "0.1.0",
  defaultPort: 8102,
  title: "医保政策通 · 政策修订 / Policy administration",
  description:
    "运营人员起草、审核（双人复核）、发布政策修订，经事务性发件箱通知各渠道。Operators draft, review (four eyes) and publish amendments, announced through the transactional outbox.",
  setup({ graph, bus, log, instanceId, onShutdown }) {
    // Every replica runs a relay: events written to the outbox in a transaction reach JetStream.
    const relay = createOutboxRelay(graph, bus, { relayId: instanceId, log });
    relay.start();
    onShutdown(() => relay.stop());
  },
};
