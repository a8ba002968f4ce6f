/**
 * @module
 * The region tree from `regions/pca-code.json` (see regions/SOURCE.md), flattened with 6-digit
 * GB/T 2260 codes under a national root `000000` (全国).
 */

/** One region. */
export interface RegionNode {
  code: string;
  name: string;
  level: "national" | "province" | "city" | "county";
  parent: string | null;
  /** 市辖区, 县, 省直辖县级行政区划…: a statistical grouping, not a city of its own. */
  grouping: boolean;
  /** Names from the province down, e.g. `北京市 朝阳区`, skipping groupings. */
  fullName: string;
}

interface Raw {
  code: string;
  name: string;
  children?: Raw[];
}

const groupingNames = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

/** The national root's code. */
export const nationalCode = "000000";

/** Reads the tree: national, 31 provinces, every city-level unit and every county-level unit. */
export async function readRegionTree(
  file: URL = new URL("regions/pca-code.json", import.meta.url),
): Promise<RegionNode[]> {
  const raw = JSON.parse(await Deno.readTextFile(file)) as Raw[];
  const out: RegionNode[] = [{
    code: nationalCode,
    name: "全国",
    level: "national",
    parent: null,
    grouping: false,
    fullName: "全国",
  }];
  for (const p of raw) {
    const pCode = p.code.padEnd(6, "0");
    out.push({
      code: pCode,
      name: p.name,
      level: "province",
      parent: nationalCode,
      grouping: false,
      fullName: p.name,
    });
    for (const c of p.children ?? []) {
      const cCode = c.code.padEnd(6, "0");
      const grouping = groupingNames.has(c.name);
      const cityFull = grouping ? p.name : `${p.name} ${c.name}`;
      out.push({
        code: cCode,
        name: grouping ? `${p.name}${c.name}` : c.name,
        level: "city",
        parent: pCode,
        grouping,
        fullName: grouping ? `${p.name}${c.name}` : cityFull,
      });
      for (const k of c.children ?? []) {
        out.push({
          code: k.code,
          name: k.name,
          level: "county",
          parent: cCode,
          grouping: false,
          fullName: `${cityFull} ${k.name}`,
        });
      }
    }
  }
  return out;
}
