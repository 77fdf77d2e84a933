import { z } from 'zod';
import { isRecordPath } from '../record/customer-record';

/**
 * A tenant's matching settings, declarative and validated: which fields are compared and how, which blocking
 * keys pick the candidates, the deterministic rules, the thresholds and the survivorship rules. A tenant
 * usually gives only a profile and a few overrides; `resolveMatchSettings` fills in the rest from the profile.
 */
const recordPath = z.string().refine(isRecordPath, (path) => ({ message: `'${path}' is not a customer record path` }));

export const COMPARATOR_KINDS = [
  'name',
  'organisation',
  'text',
  'address',
  'place',
  'identifier',
  'exact',
  'date',
  'number',
  'email',
  'phone',
] as const;
export type ComparatorKind = (typeof COMPARATOR_KINDS)[number];

export const ComparisonSchema = z.object({
  /** Unique within the settings; names the comparison in weights, explanations and review pairs. */
  name: z.string().min(1),
  kind: z.enum(COMPARATOR_KINDS),
  field: recordPath,
  /** name/text only: a value equal to the other record's crossField counts as 'transposed' (given ↔ family). */
  crossField: recordPath.optional(),
  /**
   * place only: the locality compared together with the postcode in `field`. One comparison for both, because
   * a postcode and its town agree or differ together: scoring them apart would count one fact twice.
   */
  localityField: recordPath.optional(),
  /**
   * Level boundaries, strictest first. name/organisation/text/address/place: Jaro-Winkler similarities (e.g. [0.94, 0.85]);
   * date: days apart still counted close (e.g. [365]); number: absolute differences (e.g. [0.01, 10]).
   */
  thresholds: z.array(z.number().nonnegative()).optional(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const BLOCKING_TRANSFORMS = ['value', 'metaphone', 'nysiis', 'initial', 'prefix3', 'year', 'digits', 'tokens'] as const;
export type BlockingTransform = (typeof BLOCKING_TRANSFORMS)[number];

export const BlockingRuleSchema = z.object({
  name: z.string().min(1),
  /** All parts must be present for a record to get this key; parts are joined into one key. */
  parts: z.array(z.object({ field: recordPath, transform: z.enum(BLOCKING_TRANSFORMS).default('value') })).min(1),
  /** The parts form a set, not a sequence: given/family swapped still share the key. */
  unordered: z.boolean().default(false),
});
export type BlockingRule = z.infer<typeof BlockingRuleSchema>;

export const DeterministicRuleSchema = z.discriminatedUnion('kind', [
  /** Records with the same non-empty normalised value of every field are one customer (tax id, registration number). */
  z.object({ kind: z.literal('sameValue'), name: z.string().min(1), fields: z.array(recordPath).min(1) }),
  /** A record that names another as its id in that record's source system (ERP id stored on the product). */
  z.object({ kind: z.literal('crossReference'), name: z.string().min(1) }),
]);
export type DeterministicRule = z.infer<typeof DeterministicRuleSchema>;

export const SURVIVORSHIP_RULES = ['sourcePriority', 'mostRecent', 'mostComplete', 'mostFrequent', 'firstNonNull'] as const;
export type SurvivorshipRule = (typeof SURVIVORSHIP_RULES)[number];

export const SurvivorshipSchema = z.object({
  default: z.enum(SURVIVORSHIP_RULES).default('mostRecent'),
  /** Most trusted first; sources not listed come after, in no particular trust. */
  sourcePriority: z.array(z.string().min(1)).default([]),
  /** Per-field rule, by record path (e.g. { "taxId": "sourcePriority", "email": "mostRecent" }). */
  fields: z.record(recordPath, z.enum(SURVIVORSHIP_RULES)).default({}),
});

export const ThresholdsSchema = z
  .object({
    /** Match probability at or above which two records are merged without a person. */
    autoMerge: z.number().gt(0).lt(1),
    /** Match probability at or above which (and below autoMerge) a pair waits for a steward. */
    review: z.number().gt(0).lt(1),
  })
  .refine((t) => t.review <= t.autoMerge, { message: 'thresholds.review must not exceed thresholds.autoMerge' });

export const EstimationSchema = z.object({
  /** Random record pairs drawn to bootstrap u (almost all random pairs are non-matches). */
  randomPairs: z.number().int().min(100).default(100_000),
  maxIterations: z.number().int().min(1).default(100),
  /** EM stops when no m or u moves by more than this. */
  tolerance: z.number().positive().default(1e-6),
  /** Keep u at its random-pair estimate instead of re-estimating it by EM over the candidate pairs. */
  fixU: z.boolean().default(false),
  /** Pseudo-pairs of the random-pair u mixed into EM's u estimate (0: u from the candidate pairs alone). */
  uPriorPairs: z.number().nonnegative().default(1000),
  seed: z.number().int().default(1),
  /** EM uses the candidate pairs of at most this many records (a hash-chosen sample, the same whatever the order). */
  maxTrainingRecords: z.number().int().min(2).default(50_000),
});

export const MatchSettingsSchema = z
  .object({
    profile: z.enum(['person', 'organisation']),
    comparisons: z.array(ComparisonSchema).min(1),
    blocking: z.array(BlockingRuleSchema).min(1),
    deterministic: z.array(DeterministicRuleSchema).default([]),
    thresholds: ThresholdsSchema,
    estimation: EstimationSchema.default({}),
    survivorship: SurvivorshipSchema.default({}),
    /** Blocks with more records than this are too unselective to compare (e.g. a placeholder value). */
    maxBlockSize: z.number().int().min(2).default(1000),
    /** Country for phone numbers written without a country code (ISO 3166 alpha-2). */
    phoneCountry: z.string().length(2).optional(),
    dateOrder: z.enum(['DMY', 'MDY', 'YMD']).default('DMY'),
  })
  .superRefine((settings, ctx) => {
    const names = settings.comparisons.map((c) => c.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `comparison name '${duplicate}' is used twice` });
    for (const c of settings.comparisons) {
      if (c.crossField && c.kind !== 'name' && c.kind !== 'text') {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `comparison '${c.name}': crossField applies to name and text only` });
      }
      if ((c.kind === 'place') !== (c.localityField !== undefined)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `comparison '${c.name}': localityField is required for place and applies to place only`,
        });
      }
      const thresholds = c.thresholds ?? [];
      if (['name', 'organisation', 'text', 'address', 'place'].includes(c.kind) && thresholds.some((t) => t > 1)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `comparison '${c.name}': similarity thresholds lie between 0 and 1` });
      }
    }
  });

export type MatchSettings = z.infer<typeof MatchSettingsSchema>;
export type MatchSettingsInput = z.input<typeof MatchSettingsSchema>;
