import { MappingError, mappingErrorCodeOf } from './entity-mapper';
import { UnsafeFieldPathError } from './field-paths';
import { rejectionClassOf, type MappingErrorCode, type RejectionClass } from './mapping-error-code';

describe('mapping error codes', () => {
  it.each<[MappingErrorCode, RejectionClass]>([
    ['TENANT_NOT_CONFIGURED', 'configuration'],
    ['CONNECTION_MISSING', 'configuration'],
    ['RULE_REJECTED', 'rule'],
    ['MAPPING_FAILED', 'mapping'],
    ['UNSAFE_FIELD_PATH', 'mapping'],
    ['FIELD_TOO_LONG', 'mapping'],
    ['EXPRESSION_TIMEOUT', 'mapping'],
    ['EXPRESSION_MEMORY_LIMIT', 'mapping'],
    ['EXPRESSION_OUTPUT_TOO_LARGE', 'mapping'],
    ['EXPRESSION_TOO_DEEP', 'mapping'],
    ['EXPRESSION_SEQUENCE_TOO_LONG', 'mapping'],
    ['EXPRESSION_QUARANTINED', 'mapping'],
    ['SANDBOX_CRASHED', 'mapping'],
  ])('%s is a %s failure', (code, errorClass) => {
    expect(rejectionClassOf(code)).toBe(errorClass);
  });

  it.each<[string, unknown, MappingErrorCode]>([
    ['a mapping error', new MappingError('fieldExpressions.a', 'evaluation failed'), 'MAPPING_FAILED'],
    ['a sandbox limit', new MappingError('expressions', 'too slow', undefined, 'EXPRESSION_TIMEOUT'), 'EXPRESSION_TIMEOUT'],
    ['an unsafe field path', new UnsafeFieldPathError('__proto__', 'is reserved'), 'UNSAFE_FIELD_PATH'],
    ['anything else, even with a code of its own', Object.assign(new Error('boom'), { code: 'ECONNRESET' }), 'MAPPING_FAILED'],
  ])('the code of %s', (_case, error, code) => {
    expect(mappingErrorCodeOf(error)).toBe(code);
  });
});
