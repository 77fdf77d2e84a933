/**
 * Byte order of UTF-16 code units, the order JavaScript's `<` gives; PostgreSQL's COLLATE "C" gives UTF-8 byte
 * order, which is the same for every character below U+10000 (external ids are ASCII in practice).
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class MergeOrderError extends Error {}

/** One key and what each side holds for it. */
export interface MergedPair<L, R> {
  key: string;
  books: L | undefined;
  erp: R | undefined;
}

/**
 * A sort-merge join of two streams of pages, each in ascending key order: yields one pair per key, holding only
 * the current page of each side. A side that goes backwards or repeats a key fails the run: a merge over
 * mis-ordered input would report drift that is not there.
 */
export async function* mergeByKey<L, R>(
  books: AsyncIterable<readonly L[]>,
  erp: AsyncIterable<readonly R[]>,
  booksKey: (item: L) => string,
  erpKey: (item: R) => string,
): AsyncGenerator<MergedPair<L, R>> {
  const left = ordered(flatten(books), booksKey, 'Ferry books');
  const right = ordered(flatten(erp), erpKey, 'ERP');
  let l = await left.next();
  let r = await right.next();
  while (!l.done || !r.done) {
    if (r.done || (!l.done && compareKeys(l.value[0], r.value[0]) < 0)) {
      yield { key: l.value![0], books: l.value![1], erp: undefined };
      l = await left.next();
    } else if (l.done || compareKeys(l.value[0], r.value[0]) > 0) {
      yield { key: r.value[0], books: undefined, erp: r.value[1] };
      r = await right.next();
    } else {
      yield { key: l.value[0], books: l.value[1], erp: r.value[1] };
      l = await left.next();
      r = await right.next();
    }
  }
}

async function* flatten<T>(pages: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const page of pages) yield* page;
}

async function* ordered<T>(items: AsyncIterable<T>, keyOf: (item: T) => string, side: string): AsyncGenerator<[string, T]> {
  let previous: string | undefined;
  for await (const item of items) {
    const key = keyOf(item);
    if (previous !== undefined && compareKeys(previous, key) >= 0)
      throw new MergeOrderError(`${side} returned key "${key}" after "${previous}": not in ascending order`);
    previous = key;
    yield [key, item];
  }
}

/**
 * Asks for the next page while the current one is being merged, so the ERP's answer, the books' query and the
 * comparison overlap; holds at most one page more than the consumer.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    // A failure of the page asked for ahead surfaces when it is awaited, not as an unhandled rejection meanwhile.
    next.catch(() => undefined);
    yield current.value;
  }
}
