/** Where a bundled asset is served; replaced by the hashed names of the build's manifest at start-up. */
let resolve: (logical: string) => string = (logical) => `/assets/${logical}`;

/** The URL of a logical asset name (`main.js`, `styles.css`). */
export function asset(logical: string): string {
  return resolve(logical);
}

/** Installs the resolver of hashed asset names. */
export function setAssetResolver(fn: (logical: string) => string): void {
  resolve = fn;
}
