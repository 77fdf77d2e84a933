import { normaliseEmail, normalisePhone } from './contact';
import { dayNumber, normaliseDate } from './date';
import { normaliseIdentifier, normaliseOrganisationName, normalisePersonName, normaliseText } from './text';

describe('normaliseText', () => {
  it.each([
    ['  Müller-Lüdenscheidt ', 'muller ludenscheidt'],
    ['JOSÉ  ÁLVAREZ', 'jose alvarez'],
    ["O'Brien", 'obrien'],
    ['Straße', 'strasse'],
    ['Søren Æbelø', 'soren aebelo'],
    ['Łódź', 'lodz'],
    ['ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['a.b,c;d', 'a b c d'],
    ['already normal', 'already normal'],
    ['', ''],
    ['  ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe('person, organisation and identifier normalisers', () => {
  it.each([
    [normalisePersonName, 'Dr. José Smith', 'jose smith'],
    [normalisePersonName, 'Mrs Anne-Marie', 'anne marie'],
    [normaliseOrganisationName, 'The ACME Co., Ltd.', 'acme'],
    [normaliseOrganisationName, 'Müller & Söhne GmbH', 'muller and sohne'],
    [normaliseOrganisationName, 'Limited', 'limited'],
    [normaliseIdentifier, 'DE 123.456-789', 'de123456789'],
    [normaliseIdentifier, ' 0812 ', '0812'],
  ])('%p(%j) → %j', (normalise, input, expected) => {
    expect(normalise(input)).toBe(expected);
  });
});

describe('normaliseEmail', () => {
  it.each([
    [' Anne.Smith@Example.COM ', 'anne.smith@example.com'],
    ['anne+invoices@example.com', 'anne@example.com'],
    ['a.n.n.e@gmail.com', 'anne@gmail.com'],
    ['anne@googlemail.com', 'anne@gmail.com'],
    ['not an address', ''],
    ['@example.com', ''],
    ['anne@', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });
});

describe('normalisePhone', () => {
  it.each([
    ['020 7946 0018', 'GB', '+442079460018'],
    ['+44 20 7946 0018', undefined, '+442079460018'],
    ['(02) 9876 5432', 'AU', '+61298765432'],
    ['555-0100 ext', undefined, '5550100'],
    ['', 'GB', ''],
  ])('%j in %s → %j', (input, country, expected) => {
    expect(normalisePhone(input, country)).toBe(expected);
  });
});

describe('normaliseDate', () => {
  it.each([
    ['1956-04-09', 'DMY', '19560409'],
    ['1956-04-09T10:00:00Z', 'DMY', '19560409'],
    ['19560409', 'DMY', '19560409'],
    ['19551192', 'DMY', '19551192'], // corrupt but kept for the typo comparator
    ['09/04/1956', 'DMY', '19560409'],
    ['04/09/1956', 'MDY', '19560409'],
    ['9.4.56', 'DMY', '19560409'],
    ['9.4.21', 'DMY', '20210409'],
    ['09041956', 'DMY', '19560409'],
    ['soon', 'DMY', ''],
  ] as const)('%j (%s) → %j', (input, order, expected) => {
    expect(normaliseDate(input, order)).toBe(expected);
  });

  it.each([
    ['19700101', 0],
    ['19700102', 1],
    ['19551192', undefined],
    ['20240230', undefined],
    ['2024', undefined],
  ])('dayNumber(%j) = %p', (input, expected) => {
    expect(dayNumber(input)).toBe(expected);
  });
});
