/**
 * Text normalisers shared by every field: one spelling for case, accents, punctuation and spacing so that
 * comparators see 'Müller-Lüdenscheidt ' and 'muller ludenscheidt' as the same string.
 */

// Letters NFKD does not decompose into a base letter plus a mark.
const FOLDED: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDED).join('')}]`, 'g');
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const APOSTROPHES = /['’`´]/g;

/** Lower case, accents removed (NFKD), punctuation to spaces, whitespace collapsed; '' when nothing is left. */
const ALREADY_NORMAL = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

export function normaliseText(value: string | undefined | null): string {
  if (!value) return '';
  if (ALREADY_NORMAL.test(value)) return value;
  return value
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(FOLDABLE, (letter) => FOLDED[letter] ?? letter)
    .replace(APOSTROPHES, '') // o'brien → obrien, not "o brien"
    .replace(NOT_WORD, ' ')
    .trim();
}

export function tokens(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'herr', 'frau', 'mme', 'mlle', 'm', 'sr', 'sra', 'jr']);

/** A person's name part: normalised text without honorifics ('Dr. José' → 'jose'). */
export function normalisePersonName(value: string | undefined | null): string {
  const text = normaliseText(value);
  if (!text.includes(' ')) return HONORIFICS.has(text) ? '' : text;
  return tokens(text)
    .filter((token) => !HONORIFICS.has(token))
    .join(' ');
}

// Legal-form suffixes say nothing about which company it is: 'ACME Ltd.' and 'Acme Limited' are one account.
const LEGAL_FORMS = new Set([
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'llc',
  'llp',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'pty',
  'pte',
  'kk',
  'the',
]);

/** An organisation's name: normalised, '&' as 'and', legal forms removed ('The ACME Co., Ltd' → 'acme'). */
export function normaliseOrganisationName(value: string | undefined | null): string {
  const text = normaliseText((value ?? '').replace(/&/g, ' and '));
  const kept = tokens(text).filter((token) => !LEGAL_FORMS.has(token));
  return (kept.length > 0 ? kept : tokens(text)).join(' ');
}

/** An identifier (tax id, VAT number, national id, postcode): letters and digits only, lower case. */
export function normaliseIdentifier(value: string | undefined | null): string {
  return normaliseText(value).replace(/ /g, '');
}
