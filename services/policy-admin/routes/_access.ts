import { requireAccess } from "@yibao/kit";

/** Drafting and editing: operators, and partner tools with `policy:write`. */
export const writeAccess = requireAccess({ roles: ["operator"], scopes: ["policy:write"] });
/** Approving: reviewers only (and admins). */
export const reviewAccess = requireAccess({ roles: ["reviewer"] });
/** Publishing and withdrawing: operators or reviewers. */
export const publishAccess = requireAccess({ roles: ["operator", "reviewer"], scopes: ["policy:write"] });
/** Reading amendments, propagation and audit: operators and reviewers. */
export const readAccess = requireAccess({ roles: ["operator", "reviewer"], scopes: ["policy:write"] });

/** OpenAPI security of these endpoints. */
export const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyAuth: [] }];
