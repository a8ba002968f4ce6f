import { serviceEnvNames, type ServiceSpec } from "@yibao/kit";
import type { z } from "zod";
import { service as consoleService } from "../../../services/console/service.ts";
import { service as eligibility } from "../../../services/eligibility/service.ts";
import { service as notifications } from "../../../services/notifications/service.ts";
import { service as policy } from "../../../services/policy/service.ts";
import { service as policyAdmin } from "../../../services/policy-admin/service.ts";
import { service as sessions } from "../../../services/sessions/service.ts";

/** Every service of the suite, in start order (the console last: it shows the others). */
export const suite: ServiceSpec<z.ZodObject>[] = [
  policy,
  policyAdmin,
  eligibility,
  sessions,
  notifications,
  consoleService as unknown as ServiceSpec<z.ZodObject>,
];

/** `policy-admin` → `POLICY_ADMIN_PORT`: the variable that overrides a service's port in the start command. */
export function portVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, "_")}_PORT`;
}

/** The env names a service may read. */
export function envNamesOf(spec: ServiceSpec<z.ZodObject>): string[] {
  return serviceEnvNames(spec);
}
