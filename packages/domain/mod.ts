/**
 * @module
 * The suite's shared domain vocabulary as zod schemas, one name for each thing (GLOSSARY.md).
 */
export {
  audienceIds,
  audienceIdSchema,
  channelSchema,
  fenSchema,
  insuranceTypeSchema,
  regionCodeSchema,
  regionLevels,
  regionLevelSchema,
} from "./glossary.ts";
