import { dayNumber } from '../normalise/date';
import type { Comparison } from '../settings/match-settings';
import { damerauWithin, jaroWinkler } from './similarity';

/** Level of a pair on one comparison: 0 is the strongest agreement, higher is weaker; MISSING when either lacks it. */
export const MISSING = -1;

/**
 * A comparison compiled for speed: its level names (for explanations and the EM tables) and a function from
 * two prepared values (plus their cross-field values, for transposed names) to a level.
 */
export interface Comparator {
  readonly name: string;
  readonly levels: readonly string[];
  compare(a: string, b: string, crossA: string, crossB: string): number;
}

const SIMILARITY_DEFAULTS = [0.94, 0.85];

export function compileComparator(comparison: Comparison): Comparator {
  const { name, kind } = comparison;
  switch (kind) {
    case 'name':
    case 'text':
    case 'organisation':
    case 'address':
      return similarityComparator(comparison);
    case 'place':
      return placeComparator(comparison);
    case 'identifier':
      return {
        name,
        levels: ['exact', 'one edit', 'different'],
        compare: (a, b) => (!a || !b ? MISSING : a === b ? 0 : damerauWithin(1, a, b) <= 1 ? 1 : 2),
      };
    case 'exact':
      return { name, levels: ['exact', 'different'], compare: (a, b) => (!a || !b ? MISSING : a === b ? 0 : 1) };
    case 'date':
      return dateComparator(comparison);
    case 'number':
      return numberComparator(comparison);
    case 'email':
      return { name, levels: ['exact', 'same mailbox or close', 'different'], compare: compareEmail };
    case 'phone':
      return {
        name,
        levels: ['exact', 'same last 7 digits', 'different'],
        compare: (a, b) => (!a || !b ? MISSING : a === b ? 0 : a.length >= 7 && b.length >= 7 && a.slice(-7) === b.slice(-7) ? 1 : 2),
      };
  }
}

function similarityComparator(comparison: Comparison): Comparator {
  const thresholds = comparison.thresholds ?? SIMILARITY_DEFAULTS;
  const crossed = comparison.crossField !== undefined;
  const wordsMayMove = comparison.kind === 'address' || comparison.kind === 'organisation';
  const levels = ['exact', ...thresholds.map((t) => `similarity >= ${t}`), ...(crossed ? ['transposed'] : []), 'different'];
  const transposed = 1 + thresholds.length;
  const different = levels.length - 1;
  const loosest = thresholds[thresholds.length - 1] ?? 1;
  return {
    name: comparison.name,
    levels,
    compare(a, b, crossA, crossB) {
      if (!a || !b) return MISSING;
      if (a === b || (wordsMayMove && sameWords(a, b))) return 0;
      const similarity = jaroWinkler(a, b);
      for (let i = 0; i < thresholds.length; i += 1) if (similarity >= (thresholds[i] ?? 1)) return 1 + i;
      if (crossed && crossB && jaroWinkler(a, crossB) >= loosest && (!crossA || jaroWinkler(crossA, b) >= loosest)) return transposed;
      return different;
    },
  };
}

/**
 * Postcode (a, b) and locality (crossA, crossB) together: both agree; one agrees (a move within the town, a
 * typo in the other, or only one of them known on both sides); close (postcode one edit away or locality
 * similar); different. Missing when neither part can be compared.
 */
function placeComparator(comparison: Comparison): Comparator {
  const [close = 0.94, near = 0.85] = comparison.thresholds ?? SIMILARITY_DEFAULTS;
  return {
    name: comparison.name,
    levels: ['postcode and locality agree', 'postcode or locality agrees', 'close', 'different'],
    compare(postcodeA, postcodeB, localityA, localityB) {
      const havePostcodes = postcodeA !== '' && postcodeB !== '';
      const haveLocalities = localityA !== '' && localityB !== '';
      if (!havePostcodes && !haveLocalities) return MISSING;
      const samePostcode = havePostcodes && postcodeA === postcodeB;
      const localitySimilarity = haveLocalities ? jaroWinkler(localityA, localityB) : 0;
      const sameLocality = localitySimilarity >= close;
      if (samePostcode && sameLocality) return 0;
      if (samePostcode || sameLocality) return 1;
      if ((havePostcodes && damerauWithin(1, postcodeA, postcodeB) <= 1) || localitySimilarity >= near) return 2;
      return 3;
    },
  };
}

function sameWords(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return a.split(' ').sort().join(' ') === b.split(' ').sort().join(' ');
}

function dateComparator(comparison: Comparison): Comparator {
  const tolerances = comparison.thresholds ?? [];
  const levels = ['exact', 'one typo or day/month swapped', ...tolerances.map((days) => `within ${days} days`), 'different'];
  const different = levels.length - 1;
  return {
    name: comparison.name,
    levels,
    compare(a, b) {
      if (!a || !b) return MISSING;
      if (a === b) return 0;
      if (
        damerauWithin(1, a, b) <= 1 ||
        (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6))
      ) {
        return 1;
      }
      const dayA = dayNumber(a);
      const dayB = dayNumber(b);
      if (dayA !== undefined && dayB !== undefined) {
        const apart = Math.abs(dayA - dayB);
        for (let i = 0; i < tolerances.length; i += 1) if (apart <= (tolerances[i] ?? 0)) return 2 + i;
      }
      return different;
    },
  };
}

function numberComparator(comparison: Comparison): Comparator {
  const tolerances = comparison.thresholds ?? [];
  const levels = ['exact', ...tolerances.map((t) => `within ${t}`), 'different'];
  return {
    name: comparison.name,
    levels,
    compare(a, b) {
      if (!a || !b) return MISSING;
      const apart = Math.abs(Number(a) - Number(b));
      if (apart === 0) return 0;
      for (let i = 0; i < tolerances.length; i += 1) if (apart <= (tolerances[i] ?? 0)) return 1 + i;
      return levels.length - 1;
    },
  };
}

function compareEmail(a: string, b: string): number {
  if (!a || !b) return MISSING;
  if (a === b) return 0;
  const [localA = '', domainA = ''] = a.split('@');
  const [localB = '', domainB = ''] = b.split('@');
  if (localA === localB || (domainA === domainB && jaroWinkler(localA, localB) >= 0.9)) return 1;
  return 2;
}
