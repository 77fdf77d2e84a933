import { mulberry32, type CustomerRecordInput } from '@ferry/matching';

/**
 * Synthetic person records for the latency benchmark, generated from a seed (nothing is read from outside):
 * names built from syllables, with Zipf-like frequencies so that common surnames and first names exist in
 * realistic proportions (the most common surname about 1% of people, the most common first name about 2%);
 * localities with their own postcode and state, also Zipf-distributed; streets, house numbers, birth dates
 * over 85 years and 7-digit national ids. Blocks therefore have the skew of a real population, not the
 * uniform spread of random strings.
 */
const ONSETS = [
  'b',
  'br',
  'c',
  'ch',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  'sh',
  't',
  'th',
  'v',
  'w',
  'z',
  'st',
  'tr',
  'gr',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ie', 'ou', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'th', 'ck', 'm', 'tt', 'ng'];
const STREET_TYPES = ['street', 'road', 'place', 'avenue', 'crescent', 'court', 'drive', 'lane', 'circuit', 'parade'];
const STATES = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt'];

export class SyntheticPeople {
  private readonly random: () => number;
  private readonly givenNames: string[];
  private readonly surnames: string[];
  private readonly streets: string[];
  private readonly localities: { name: string; postcode: string; state: string }[];
  private readonly pickGiven: () => number;
  private readonly pickSurname: () => number;
  private readonly pickLocality: () => number;

  constructor(seed: number) {
    this.random = mulberry32(seed);
    this.givenNames = this.vocabulary(5_000, 2, 3);
    this.surnames = this.vocabulary(50_000, 2, 4);
    this.streets = this.vocabulary(20_000, 2, 3).map((name, i) => `${name} ${STREET_TYPES[i % STREET_TYPES.length]}`);
    const postcodes = new Set<string>();
    this.localities = this.vocabulary(3_000, 2, 4).map((name) => {
      let postcode = '';
      do postcode = String(1000 + Math.floor(this.random() * 8999));
      while (postcodes.has(postcode));
      postcodes.add(postcode);
      return { name, postcode, state: STATES[Math.floor(this.random() * STATES.length)] ?? 'nsw' };
    });
    this.pickGiven = zipf(this.givenNames.length, 5, this.random);
    this.pickSurname = zipf(this.surnames.length, 10, this.random);
    this.pickLocality = zipf(this.localities.length, 20, this.random);
  }

  person(id: string, source = 'synthetic'): CustomerRecordInput {
    const locality = this.localities[this.pickLocality()] ?? { name: '', postcode: '', state: '' };
    const born = Date.UTC(1920, 0, 1) + Math.floor(this.random() * 85 * 365.25) * 86_400_000;
    return {
      id,
      source,
      name: { given: this.givenNames[this.pickGiven()], family: this.surnames[this.pickSurname()] },
      address: {
        number: String(1 + Math.floor(this.random() * 300)),
        line1: this.streets[Math.floor(this.random() * this.streets.length)],
        ...(this.random() < 0.5 ? { line2: this.surnames[Math.floor(this.random() * 2_000)] } : {}),
        locality: locality.name,
        postcode: locality.postcode,
        region: locality.state,
      },
      birthDate: new Date(born).toISOString().slice(0, 10),
      nationalId: String(1_000_000 + Math.floor(this.random() * 8_999_999)),
    };
  }

  /** A copy of `person` as another system might hold it: a typo in a name, a changed street, a missing field. */
  variant(person: CustomerRecordInput, id: string, source: string): CustomerRecordInput {
    const copy = structuredClone({ ...person, id, source });
    const name = { ...copy.name };
    const address = { ...copy.address };
    const edits = 1 + Math.floor(this.random() * 3);
    for (let i = 0; i < edits; i += 1) {
      const edit = Math.floor(this.random() * 5);
      if (edit === 0 && name.family) name.family = typo(name.family, this.random);
      else if (edit === 1 && name.given) name.given = typo(name.given, this.random);
      else if (edit === 2) address.line1 = this.streets[Math.floor(this.random() * this.streets.length)];
      else if (edit === 3) delete copy.birthDate;
      else if (copy.nationalId) copy.nationalId = typo(copy.nationalId, this.random);
    }
    return { ...copy, name, address };
  }

  private vocabulary(size: number, minSyllables: number, maxSyllables: number): string[] {
    const words = new Set<string>();
    while (words.size < size) {
      const count = minSyllables + Math.floor(this.random() * (maxSyllables - minSyllables + 1));
      let word = '';
      for (let i = 0; i < count; i += 1)
        word += pick(ONSETS, this.random) + pick(VOWELS, this.random) + (i === count - 1 ? pick(CODAS, this.random) : '');
      words.add(word);
    }
    return [...words];
  }
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Rank sampler with P(rank r) ∝ 1 / (r + offset). */
function zipf(size: number, offset: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r += 1) cumulative[r] = total += 1 / (r + 1 + offset);
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

function typo(value: string, random: () => number): string {
  const at = Math.floor(random() * value.length);
  const kind = Math.floor(random() * 3);
  if (kind === 0) return value.slice(0, at) + value.slice(at + 1) || value;
  if (kind === 1 && at < value.length - 1) return value.slice(0, at) + (value[at + 1] ?? '') + (value[at] ?? '') + value.slice(at + 2);
  const letters = /^\d+$/.test(value) ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz';
  return value.slice(0, at) + pick([...letters], random) + value.slice(at + 1);
}
