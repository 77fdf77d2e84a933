import jaroWinklerSimilarity from 'talisman/metrics/jaro-winkler';
import damerauLevenshtein from 'talisman/metrics/damerau-levenshtein';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import nysiisCode from 'talisman/phonetics/nysiis';

/**
 * The string metrics and phonetic codes matching uses, from talisman (Yomguithereal/talisman: pure JS, CommonJS,
 * tested against the reference implementations). Kept behind these functions so a faster library can replace
 * it in one place.
 */
export function jaroWinkler(a: string, b: string): number {
  return jaroWinklerSimilarity(a, b);
}

/** Damerau-Levenshtein distance (a transposition counts one edit), Infinity beyond `max`. */
export function damerauWithin(max: number, a: string, b: string): number {
  return damerauLevenshtein.limited(max, a, b);
}

// Names repeat a lot; a bounded memo saves recomputing their codes for every record and query.
const METAPHONE_MEMO = new Map<string, string>();
const MEMO_LIMIT = 200_000;

/** Double Metaphone primary code of the letters of a value (spaces ignored): 'Mc Carthy' and 'mccarthy' agree. */
export function metaphone(value: string): string {
  const letters = value.replace(/[^a-z]/g, '');
  if (letters === '') return '';
  let code = METAPHONE_MEMO.get(letters);
  if (code === undefined) {
    code = doubleMetaphone(letters)[0];
    if (METAPHONE_MEMO.size >= MEMO_LIMIT) METAPHONE_MEMO.clear();
    METAPHONE_MEMO.set(letters, code);
  }
  return code;
}

export function nysiis(value: string): string {
  const letters = value.replace(/[^a-z]/g, '');
  return letters === '' ? '' : nysiisCode(letters);
}
