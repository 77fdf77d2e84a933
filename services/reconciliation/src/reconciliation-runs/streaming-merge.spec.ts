import { MergeOrderError, compareKeys, mergeByKey, readAhead } from './streaming-merge';

async function* pages<T>(...chunks: T[][]): AsyncGenerator<T[]> {
  for (const chunk of chunks) yield chunk;
}

async function merged(books: string[][], erp: string[][]): Promise<string[]> {
  const out: string[] = [];
  for await (const pair of mergeByKey(
    pages(...books),
    pages(...erp),
    (key) => key,
    (key) => key,
  ))
    out.push(`${pair.key}:${pair.books ? 'F' : '-'}${pair.erp ? 'E' : '-'}`);
  return out;
}

describe('mergeByKey: one pair per key from two ordered page streams', () => {
  it.each<[string, string[][], string[][], string[]]>([
    ['both empty', [], [], []],
    ['only books', [['a', 'b']], [], ['a:F-', 'b:F-']],
    ['only ERP', [], [['a']], ['a:-E']],
    ['same keys, different page sizes', [['a', 'b'], ['c']], [['a'], ['b', 'c']], ['a:FE', 'b:FE', 'c:FE']],
    ['interleaved', [['a', 'c', 'e']], [['b', 'c', 'd']], ['a:F-', 'b:-E', 'c:FE', 'd:-E', 'e:F-']],
    ['empty pages in between', [['a'], [], ['b']], [[], ['b']], ['a:F-', 'b:FE']],
    ['byte order: upper case before lower case', [['B', 'a']], [['a']], ['B:F-', 'a:FE']],
  ])('%s', async (_case, books, erp, expected) => {
    expect(await merged(books, erp)).toEqual(expected);
  });

  it.each<[string, string[][], string[][]]>([
    ['books go backwards', [['b', 'a']], []],
    ['ERP repeats a key across pages', [], [['a'], ['a']]],
  ])('fails when %s', async (_case, books, erp) => {
    await expect(merged(books, erp)).rejects.toBeInstanceOf(MergeOrderError);
  });

  it('compareKeys orders by code unit, not by locale', () => {
    expect(['b', 'a', 'B', 'ä', '1'].sort(compareKeys)).toEqual(['1', 'B', 'a', 'b', 'ä']);
  });
});

describe('readAhead: the next page is asked for while the current one is used', () => {
  it('yields every page in order and has asked for at most one more', async () => {
    const asked: number[] = [];
    async function* source() {
      for (let page = 1; page <= 3; page++) {
        asked.push(page);
        yield [page];
      }
    }
    const seen: { page: number[]; askedSoFar: number[] }[] = [];
    for await (const page of readAhead(source())) seen.push({ page, askedSoFar: [...asked] });
    expect(seen).toEqual([
      { page: [1], askedSoFar: [1, 2] },
      { page: [2], askedSoFar: [1, 2, 3] },
      { page: [3], askedSoFar: [1, 2, 3] },
    ]);
  });

  it('passes a failure of a page on when that page is reached', async () => {
    async function* failing() {
      yield [1];
      throw new Error('ERP unreachable');
    }
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(failing())) seen.push(page);
      })(),
    ).rejects.toThrow('ERP unreachable');
    expect(seen).toEqual([[1]]);
  });
});
