export type MatchingErrorCode =
  | 'invalid-record'
  | 'unknown-record'
  | 'unknown-golden-id'
  | 'already-clustered'
  | 'not-a-member'
  | 'invalid-split'
  | 'cannot-link'
  | 'constraint-conflict'
  | 'not-empty'
  | 'invalid-tenant';

/** A matching operation the caller asked for that cannot be done; permanent, with a stable code. */
export class MatchingError extends Error {
  constructor(
    readonly code: MatchingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MatchingError';
  }
}
