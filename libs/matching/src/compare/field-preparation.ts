import { normaliseEmail, normalisePhone } from '../normalise/contact';
import { normaliseDate, type DateOrder } from '../normalise/date';
import { normaliseIdentifier, normaliseOrganisationName, normalisePersonName, normaliseText, tokens } from '../normalise/text';
import type { ComparatorKind } from '../settings/match-settings';

export interface PreparationContext {
  phoneCountry?: string | undefined;
  dateOrder: DateOrder;
}

// Street-type abbreviations are spelt out so 'Wallaby Pl' and 'wallaby place' compare as equal.
const STREET_WORDS: Record<string, string> = {
  st: 'street',
  str: 'strasse',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  pl: 'place',
  cres: 'crescent',
  ct: 'court',
  dr: 'drive',
  hwy: 'highway',
  ln: 'lane',
  blvd: 'boulevard',
  sq: 'square',
  cct: 'circuit',
  tce: 'terrace',
  pde: 'parade',
};

/** A field's raw value as its comparator wants it; '' means missing. */
export function prepareValue(kind: ComparatorKind, raw: string | undefined, context: PreparationContext): string {
  if (raw === undefined) return '';
  switch (kind) {
    case 'name':
      return normalisePersonName(raw);
    case 'organisation':
      return normaliseOrganisationName(raw);
    case 'text':
    case 'exact':
      return normaliseText(raw);
    case 'address':
      return tokens(normaliseText(raw))
        .map((token) => STREET_WORDS[token] ?? token)
        .join(' ');
    case 'identifier':
    case 'place':
      return normaliseIdentifier(raw);
    case 'date':
      return normaliseDate(raw, context.dateOrder);
    case 'number': {
      const value = Number(raw.replace(/[\s,_']/g, ''));
      return Number.isFinite(value) ? String(value) : '';
    }
    case 'email':
      return normaliseEmail(raw);
    case 'phone':
      return normalisePhone(raw, context.phoneCountry);
  }
}
