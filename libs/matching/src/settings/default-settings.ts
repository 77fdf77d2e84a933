import { z } from 'zod';
import { EstimationSchema, MatchSettingsSchema, SurvivorshipSchema, type MatchSettings, type MatchSettingsInput } from './match-settings';

/**
 * Defaults for the two kinds of customer Ferry matches. Nothing in them is specific to one data set: the fields
 * are the canonical record's, the similarity levels are the usual ones for names and addresses (Jaro-Winkler
 * 0.94 ≈ one typo in a short name, 0.85 ≈ two), and the weights themselves come from EM on the tenant's data.
 */
const PERSON: MatchSettingsInput = {
  profile: 'person',
  comparisons: [
    { name: 'givenName', kind: 'name', field: 'name.given', crossField: 'name.family', thresholds: [0.94, 0.85] },
    { name: 'familyName', kind: 'name', field: 'name.family', crossField: 'name.given', thresholds: [0.94, 0.85] },
    { name: 'birthDate', kind: 'date', field: 'birthDate' },
    { name: 'nationalId', kind: 'identifier', field: 'nationalId' },
    { name: 'taxId', kind: 'identifier', field: 'taxId' },
    { name: 'email', kind: 'email', field: 'email' },
    { name: 'phone', kind: 'phone', field: 'phone' },
    { name: 'houseNumber', kind: 'identifier', field: 'address.number' },
    { name: 'street', kind: 'address', field: 'address.line1', thresholds: [0.94, 0.85] },
    { name: 'addressLine2', kind: 'address', field: 'address.line2', thresholds: [0.94, 0.85] },
    { name: 'place', kind: 'place', field: 'address.postcode', localityField: 'address.locality', thresholds: [0.94, 0.85] },
  ],
  blocking: [
    { name: 'familyPhoneticPostcode', parts: [{ field: 'name.family', transform: 'metaphone' }, { field: 'address.postcode' }] },
    {
      name: 'namesPhonetic',
      parts: [
        { field: 'name.given', transform: 'metaphone' },
        { field: 'name.family', transform: 'metaphone' },
      ],
      unordered: true,
    },
    // Birth date with one more thing (a name initial, the house number, the postcode) rather than alone: a
    // birth date is shared by ~30 people per million, and one of the four still holds when the rest changed.
    // Birth date with one more thing rather than alone: a birth date is shared by ~30 people per million, and
    // one of these four still holds when the others changed.
    {
      name: 'birthDateAndFamilyInitial',
      parts: [
        { field: 'birthDate', transform: 'digits' },
        { field: 'name.family', transform: 'initial' },
      ],
    },
    {
      name: 'birthDateAndGivenInitial',
      parts: [
        { field: 'birthDate', transform: 'digits' },
        { field: 'name.given', transform: 'initial' },
      ],
    },
    {
      name: 'birthDateAndHouseNumber',
      parts: [
        { field: 'birthDate', transform: 'digits' },
        { field: 'address.number', transform: 'value' },
      ],
    },
    {
      name: 'birthDateAndPostcode',
      parts: [
        { field: 'birthDate', transform: 'digits' },
        { field: 'address.postcode', transform: 'value' },
      ],
    },
    { name: 'nationalId', parts: [{ field: 'nationalId', transform: 'digits' }] },
    { name: 'email', parts: [{ field: 'email' }] },
    { name: 'phone', parts: [{ field: 'phone' }] },
    { name: 'taxId', parts: [{ field: 'taxId' }] },
    {
      name: 'givenInitialBirthYearPostcode',
      parts: [{ field: 'name.given', transform: 'initial' }, { field: 'birthDate', transform: 'year' }, { field: 'address.postcode' }],
    },
    {
      name: 'streetNumberPostcode',
      parts: [{ field: 'address.line1', transform: 'prefix3' }, { field: 'address.number' }, { field: 'address.postcode' }],
    },
  ],
  deterministic: [
    { kind: 'crossReference', name: 'crossReference' },
    { kind: 'sameValue', name: 'taxId', fields: ['taxId'] },
  ],
  thresholds: { autoMerge: 0.95, review: 0.5 },
  survivorship: { default: 'mostRecent' },
};

const ORGANISATION: MatchSettingsInput = {
  profile: 'organisation',
  comparisons: [
    { name: 'organisationName', kind: 'organisation', field: 'name.organisation', thresholds: [0.94, 0.85] },
    { name: 'taxId', kind: 'identifier', field: 'taxId' },
    { name: 'registrationNumber', kind: 'identifier', field: 'registrationNumber' },
    { name: 'email', kind: 'email', field: 'email' },
    { name: 'phone', kind: 'phone', field: 'phone' },
    { name: 'street', kind: 'address', field: 'address.line1', thresholds: [0.94, 0.85] },
    { name: 'houseNumber', kind: 'identifier', field: 'address.number' },
    { name: 'place', kind: 'place', field: 'address.postcode', localityField: 'address.locality', thresholds: [0.94, 0.85] },
    { name: 'country', kind: 'exact', field: 'address.country' },
  ],
  blocking: [
    { name: 'namePhoneticPostcode', parts: [{ field: 'name.organisation', transform: 'metaphone' }, { field: 'address.postcode' }] },
    { name: 'nameTokens', parts: [{ field: 'name.organisation', transform: 'tokens' }] },
    { name: 'taxId', parts: [{ field: 'taxId' }] },
    { name: 'registrationNumber', parts: [{ field: 'registrationNumber' }] },
    { name: 'email', parts: [{ field: 'email' }] },
    { name: 'phone', parts: [{ field: 'phone' }] },
    {
      name: 'streetPostcode',
      parts: [{ field: 'address.line1', transform: 'prefix3' }, { field: 'address.number' }, { field: 'address.postcode' }],
    },
  ],
  deterministic: [
    { kind: 'crossReference', name: 'crossReference' },
    { kind: 'sameValue', name: 'taxId', fields: ['taxId'] },
    { kind: 'sameValue', name: 'registrationNumber', fields: ['registrationNumber'] },
  ],
  thresholds: { autoMerge: 0.95, review: 0.5 },
  survivorship: { default: 'mostRecent' },
};

export const DEFAULT_PROFILES = { person: PERSON, organisation: ORGANISATION } as const;

/** What a tenant declares: a profile and any overrides (lists replace the profile's, objects merge into it). */
export const TenantMatchSettingsSchema = z.object({
  profile: z.enum(['person', 'organisation']).default('organisation'),
  comparisons: MatchSettingsSchema.innerType().shape.comparisons.optional(),
  blocking: MatchSettingsSchema.innerType().shape.blocking.optional(),
  deterministic: MatchSettingsSchema.innerType().shape.deterministic.optional(),
  thresholds: z.object({ autoMerge: z.number().optional(), review: z.number().optional() }).optional(),
  estimation: EstimationSchema.partial().optional(),
  survivorship: SurvivorshipSchema.partial().optional(),
  maxBlockSize: z.number().int().optional(),
  phoneCountry: z.string().optional(),
  dateOrder: z.enum(['DMY', 'MDY', 'YMD']).optional(),
});
export type TenantMatchSettings = z.input<typeof TenantMatchSettingsSchema>;

/** The full settings for a tenant's declaration; throws a ZodError naming every bad field. */
export function resolveMatchSettings(declared: TenantMatchSettings = {}): MatchSettings {
  const tenant = TenantMatchSettingsSchema.parse(declared);
  const base = DEFAULT_PROFILES[tenant.profile];
  const merged: MatchSettingsInput = {
    ...base,
    ...definedOnly({
      comparisons: tenant.comparisons,
      blocking: tenant.blocking,
      deterministic: tenant.deterministic,
      maxBlockSize: tenant.maxBlockSize,
      phoneCountry: tenant.phoneCountry,
      dateOrder: tenant.dateOrder,
    }),
    thresholds: { ...base.thresholds, ...definedOnly(tenant.thresholds ?? {}) } as MatchSettingsInput['thresholds'],
    estimation: { ...base.estimation, ...definedOnly(tenant.estimation ?? {}) },
    survivorship: { ...base.survivorship, ...definedOnly(tenant.survivorship ?? {}) },
  };
  return MatchSettingsSchema.parse(merged);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
