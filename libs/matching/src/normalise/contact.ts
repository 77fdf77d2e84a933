import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * E-mail: trimmed, lower case, sub-address ('+tag') removed; for Gmail also the dots in the local part, which
 * Gmail ignores. '' when the value is not an address.
 */
export function normaliseEmail(value: string | undefined | null): string {
  const trimmed = (value ?? '').trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return '';
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/**
 * Phone: E.164 ('+442079460018') when libphonenumber can parse it with the tenant's default country;
 * otherwise just its digits, so two unparseable numbers can still be compared.
 */
export function normalisePhone(value: string | undefined | null, defaultCountry?: string): string {
  const raw = (value ?? '').trim();
  if (raw === '') return '';
  const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode | undefined);
  if (parsed?.isPossible()) return parsed.number;
  return raw.replace(/\D/g, '');
}
