/**
 * Where an impact preview looks: the regions a policy applies in. A national or provincial policy is
 * looked at in a small, fixed set of representative pooling regions below it that have benefit rules of
 * their own (the demo cities), so a preview stays small and two previews compare.
 */

/** The representative pooling regions, by code: 北京市, 连云港市, 烟台市, 广安市. */
export const REPRESENTATIVE_REGIONS = ["110000", "320700", "370600", "511600"] as const;

/** A region a policy applies in. */
export interface AppliesIn {
  code: string;
  level: string;
}

/** A region of the panel; `representative` when it stands in for a national or provincial policy. */
export interface PanelRegion {
  code: string;
  representative: boolean;
}

/**
 * The panel's regions, by code: a city or county stands for itself; a province for the representative
 * regions within it (itself when it holds none); the nation for every representative region.
 */
export function panelRegions(appliesIn: AppliesIn[]): PanelRegion[] {
  const out = new Map<string, PanelRegion>();
  const add = (code: string, representative: boolean) => {
    if (!out.has(code)) out.set(code, { code, representative });
  };
  for (const r of [...appliesIn].sort((a, b) => a.code.localeCompare(b.code))) {
    if (r.level === "national") {
      for (const code of REPRESENTATIVE_REGIONS) add(code, true);
    } else if (r.level === "province") {
      const within = REPRESENTATIVE_REGIONS.filter((code) => code.slice(0, 2) === r.code.slice(0, 2));
      if (within.length === 0) add(r.code, false);
      for (const code of within) add(code, code !== r.code);
    } else {
      add(r.code, false);
    }
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
