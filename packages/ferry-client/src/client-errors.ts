/** Why the client refused or failed something, with a stable code a product can branch on. */
export type FerryClientErrorCode =
  'INVALID_EVENT' | 'UNKNOWN_EVENT_TYPE' | 'SCHEMA_NOT_REGISTERED' | 'REGISTRY_UNAVAILABLE' | 'NOT_CONFLUENT_AVRO' | 'UNDECODABLE_RECORD';

export class FerryClientError extends Error {
  constructor(
    readonly code: FerryClientErrorCode,
    message: string,
    /** True when trying again later may succeed (the registry did not answer). */
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FerryClientError';
  }
}
