// talisman ships CommonJS without type declarations; these are the few functions Ferry uses.
declare module 'talisman/metrics/jaro-winkler' {
  const jaroWinkler: (a: string, b: string) => number;
  export = jaroWinkler;
}
declare module 'talisman/metrics/damerau-levenshtein' {
  const damerauLevenshtein: ((a: string, b: string) => number) & { limited: (max: number, a: string, b: string) => number };
  export = damerauLevenshtein;
}
declare module 'talisman/phonetics/double-metaphone' {
  const doubleMetaphone: (word: string) => [string, string];
  export = doubleMetaphone;
}
declare module 'talisman/phonetics/nysiis' {
  const nysiis: (word: string) => string;
  export = nysiis;
}
