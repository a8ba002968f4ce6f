/**
 * @module
 * Authentication: API keys stored hashed with scopes (partner apps), HS256-signed bearer tokens
 * with roles (people), and the middleware that checks them.
 */
export {
  type AccessRule,
  type Actor,
  actorOf,
  isAllowed,
  type Principal,
  type Role,
  roles,
  type Scope,
  scopes,
} from "./model.ts";
export { issueToken, type TokenClaims, verifyToken } from "./tokens.ts";
export { ApiKeyVerifier, generateApiKey, type NewApiKey, revokeApiKey, saveApiKey } from "./api_keys.ts";
export { type AuthContext, authenticate, requireAccess } from "./middleware.ts";
