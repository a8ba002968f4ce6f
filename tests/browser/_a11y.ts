/** Accessibility checks with axe-core, run inside the page under test. */
import axe from "axe-core";
import type { Page } from "playwright-core";

/** The rule sets checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** One rule's violation as axe reports it, trimmed to what a failure message needs. */
export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core in `page` with the WCAG 2 A/AA rules and throws, listing each serious or critical
 * violation (rule id, help, target selectors); minor and moderate ones are printed. Returns every
 * violation. axe's source is evaluated through the DevTools protocol (`page.evaluate`), not added
 * as a `<script>` tag, so a Content-Security-Policy without `unsafe-inline` does not block it.
 */
export async function checkA11y(page: Page, label: string): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => "axe" in globalThis);
  if (!loaded) await page.evaluate(axe.source);
  const violations: A11yViolation[] = await page.evaluate(async (tags) => {
    // the page's copy of axe, typed just as far as used here
    const { axe: pageAxe, document } = globalThis as unknown as {
      document: unknown;
      axe: {
        run(
          context: unknown,
          options: object,
        ): Promise<{
          violations: {
            id: string;
            impact?: string | null;
            help: string;
            helpUrl: string;
            nodes: { target: unknown[] }[];
          }[];
        }>;
      };
    };
    const result = await pageAxe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? "unknown",
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  }, wcagTags);
  const format = (v: A11yViolation) =>
    `${v.id} (${v.impact}): ${v.help}\n      ${v.targets.join("\n      ")}\n      ${v.helpUrl}`;
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const minor = violations.filter((v) => !blocking.includes(v));
  if (!violations.length) console.log(`[a11y] ${label}: no WCAG 2 A/AA violations`);
  if (minor.length) {
    console.log(`[a11y] ${label}: ${minor.length} minor or moderate\n  ${minor.map(format).join("\n  ")}`);
  }
  if (blocking.length) {
    throw new Error(
      `Accessibility (axe, WCAG 2 A/AA) on ${label}: ${blocking.length} serious or critical\n  ${
        blocking.map(format).join("\n  ")
      }`,
    );
  }
  return violations;
}
