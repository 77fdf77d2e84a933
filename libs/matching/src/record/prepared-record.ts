import { blockingKeys, deterministicKeys } from '../blocking/blocking-keys';
import { compileComparator, type Comparator } from '../compare/comparators';
import { prepareValue, type PreparationContext } from '../compare/field-preparation';
import type { MatchSettings } from '../settings/match-settings';
import { readPath, recordKey, type CustomerRecord } from './customer-record';

/**
 * A record reduced to what comparing needs: one prepared value per comparison, and its second value (the
 * cross field of a name, the locality of a place; '' for other kinds).
 */
export interface PreparedRecord {
  readonly key: string;
  readonly values: readonly string[];
  readonly cross: readonly string[];
}

/** Settings compiled once per tenant: comparators and the functions that prepare a record and its keys. */
export class CompiledSettings {
  readonly comparators: readonly Comparator[];
  private readonly context: PreparationContext;

  constructor(readonly settings: MatchSettings) {
    this.comparators = settings.comparisons.map(compileComparator);
    this.context = { phoneCountry: settings.phoneCountry, dateOrder: settings.dateOrder };
  }

  prepare(record: CustomerRecord): PreparedRecord {
    const { comparisons } = this.settings;
    return {
      key: recordKey(record),
      values: comparisons.map((c) => prepareValue(c.kind, readPath(record, c.field), this.context)),
      cross: comparisons.map((c) => {
        if (c.crossField) return prepareValue(c.kind, readPath(record, c.crossField), this.context);
        return c.localityField ? prepareValue('text', readPath(record, c.localityField), this.context) : '';
      }),
    };
  }

  blockingKeys(record: CustomerRecord): string[] {
    return blockingKeys(record, this.settings.blocking, this.context);
  }

  deterministicKeys(record: CustomerRecord): string[] {
    return deterministicKeys(record, this.settings.deterministic, this.context);
  }

  /** The comparison vector of a pair: one level per comparison (MISSING where either lacks the field). */
  levels(a: PreparedRecord, b: PreparedRecord): number[] {
    return this.comparators.map((comparator, i) =>
      comparator.compare(a.values[i] ?? '', b.values[i] ?? '', a.cross[i] ?? '', b.cross[i] ?? ''),
    );
  }
}
