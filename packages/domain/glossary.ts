import { z } from "./zod.ts";

/** Region levels, GB/T 2260: national → province → city → county. */
export const regionLevels = ["national", "province", "city", "county"] as const;
/** A region level. */
export const regionLevelSchema = z.enum(regionLevels);

/** Basic medical insurance types: employee (职工医保) and resident (城乡居民医保). */
export const insuranceTypeSchema = z.enum(["employee", "resident"]);

/** Audiences of policy content (GLOSSARY.md, "Who"). */
export const audienceIds = [
  "insured",
  "employed",
  "retired",
  "flexibleWorker",
  "platformWorker",
  "chronicPatient",
  "elderly",
  "employerHr",
  "agencyStaff",
  "hospital",
  "pharmacy",
] as const;
/** Audience names for people, Chinese first. */
export const audienceNames: Record<typeof audienceIds[number], { nameZh: string; nameEn: string }> = {
  insured: { nameZh: "参保人", nameEn: "Insured people" },
  employed: { nameZh: "在职职工", nameEn: "Employed people" },
  retired: { nameZh: "退休人员", nameEn: "Retirees" },
  flexibleWorker: { nameZh: "灵活就业人员", nameEn: "Flexible workers" },
  platformWorker: { nameZh: "新就业形态人员", nameEn: "Platform workers" },
  chronicPatient: { nameZh: "慢性病患者", nameEn: "Chronic patients" },
  elderly: { nameZh: "老年人", nameEn: "Older people" },
  employerHr: { nameZh: "企业HR", nameEn: "Employer HR staff" },
  agencyStaff: { nameZh: "医保经办人员", nameEn: "Agency staff" },
  hospital: { nameZh: "医疗机构", nameEn: "Hospitals" },
  pharmacy: { nameZh: "定点药店", nameEn: "Designated pharmacies" },
};

/** An audience id. */
export const audienceIdSchema = z.enum(audienceIds);

/** Push channels (GLOSSARY.md, "Publicity and delivery"). */
export const channelSchema = z.enum(["appPush", "sms", "wechat", "email", "webhook"]);

/**
 * A region code: six digits (GB/T 2260); the four prefecture-level cities without counties
 * (Dongguan, Zhongshan, Jiayuguan, Danzhou) have town-level units with 9-digit statistical codes.
 */
export const regionCodeSchema = z.string().regex(
  /^\d{6}(\d{3})?$/,
  "must be a 6-digit GB/T 2260 code (9 digits for a town-level unit)",
);

/** Money in integer fen (1 yuan = 100 fen); never a float. */
export const fenSchema = z.number().int().min(0).max(100_000_000_000);
