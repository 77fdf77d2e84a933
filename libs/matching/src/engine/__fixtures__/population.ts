import { mulberry32 } from '../../model/training';
import type { CustomerRecordInput } from '../../record/customer-record';

/**
 * A small seeded population for the engine's specs: people from a CRM, some of them again in an ERP with a
 * typo, a swapped name or a missing birth date. `personOf` gives the truth, which only the specs read.
 */
const GIVEN = [
  'anne',
  'james',
  'olivia',
  'noah',
  'mia',
  'liam',
  'chloe',
  'jack',
  'emily',
  'thomas',
  'grace',
  'lucas',
  'zoe',
  'ethan',
  'ruby',
];
const FAMILY = [
  'smith',
  'nguyen',
  'brown',
  'wilson',
  'taylor',
  'johnson',
  'white',
  'martin',
  'anderson',
  'thompson',
  'walker',
  'harris',
  'lee',
  'ryan',
];
const STREETS = [
  'wallaby place',
  'hoseason street',
  'pridham street',
  'gundulu place',
  'stanley street',
  'pinkerton circuit',
  'may street',
];
const TOWNS = [
  ['cleveland', '2119'],
  ['marsden', '3165'],
  ['granville', '4881'],
  ['utakarra', '2193'],
  ['richlands', '4560'],
] as const;

export function population(people: number, seed: number): { records: CustomerRecordInput[]; personOf: Map<string, number> } {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const records: CustomerRecordInput[] = [];
  const personOf = new Map<string, number>();
  for (let i = 0; i < people; i += 1) {
    const [town, postcode] = pick(TOWNS);
    const person: CustomerRecordInput = {
      id: `c${i}`,
      source: 'crm',
      name: { given: pick(GIVEN), family: pick(FAMILY) },
      address: { number: String(1 + Math.floor(random() * 99)), line1: pick(STREETS), locality: town, postcode },
      birthDate: `19${String(40 + Math.floor(random() * 60))}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      nationalId: String(1_000_000 + Math.floor(random() * 8_999_999)),
    };
    records.push(person);
    personOf.set(`crm:c${i}`, i);
    if (i % 3 !== 0) continue;
    const copy = structuredClone({ ...person, id: `e${i}`, source: 'erp' });
    const change = i % 4;
    if (change === 0 && copy.name?.family) copy.name.family = copy.name.family.slice(0, -1);
    if (change === 1) copy.name = { given: person.name?.family, family: person.name?.given };
    if (change === 2) delete copy.birthDate;
    if (change === 3 && copy.address?.line1) copy.address.line1 = `${copy.address.line1.slice(0, 3)}x${copy.address.line1.slice(4)}`;
    records.push(copy);
    personOf.set(`erp:e${i}`, i);
  }
  return { records, personOf };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Clusters as a canonical, id-free value: sorted lists of sorted member keys. */
export function partition(goldenIdOf: (key: string) => string | undefined, keys: Iterable<string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const id = goldenIdOf(key) ?? `none:${key}`;
    groups.set(id, [...(groups.get(id) ?? []), key]);
  }
  return [...groups.values()].map((members) => members.sort()).sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1));
}
