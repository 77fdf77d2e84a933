import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { platformEnvSchema } from '@ferry/config';
import { DEFAULT_MAX_RECORD_BYTES, DEAD_LETTER_RECORD_HEADROOM_BYTES, Topics, ferryTopicSpecs } from '@ferry/contracts';
import { oversizedRecordFailure, produceFailure, recordLimitFor, recordSize } from './produce-failure';

const protocolError = (type: string) =>
  new KafkaJSProtocolError({ message: `broker said ${type}`, type, code: 0, retriable: false } as never);

describe('produceFailure: what a failed write means for the message', () => {
  it.each<[string, unknown, string, string]>([
    [
      'record too large, as kafkajs throws it',
      Object.assign(new KafkaJSNonRetriableError(protocolError('MESSAGE_TOO_LARGE')), { cause: protocolError('MESSAGE_TOO_LARGE') }),
      'permanent',
      'KAFKA_RECORD_REFUSED',
    ],
    ['batch too large', protocolError('RECORD_LIST_TOO_LARGE'), 'permanent', 'KAFKA_RECORD_REFUSED'],
    ['invalid record', protocolError('INVALID_RECORD'), 'permanent', 'KAFKA_RECORD_REFUSED'],
    ['corrupt message', protocolError('CORRUPT_MESSAGE'), 'permanent', 'KAFKA_RECORD_REFUSED'],
    [
      'not authorised (an operator must fix the ACLs)',
      protocolError('TOPIC_AUTHORIZATION_FAILED'),
      'infrastructure',
      'KAFKA_PRODUCE_FAILED',
    ],
    ['leader moving', protocolError('NOT_LEADER_FOR_PARTITION'), 'infrastructure', 'KAFKA_PRODUCE_FAILED'],
    [
      'retries exhausted while the broker is away',
      new KafkaJSNumberOfRetriesExceeded(new Error('Connection error: ECONNREFUSED'), { retryCount: 5, retryTime: 1000 }),
      'infrastructure',
      'KAFKA_PRODUCE_FAILED',
    ],
    ['anything else', new Error('socket hang up'), 'infrastructure', 'KAFKA_PRODUCE_FAILED'],
  ])('%s → %s %s', (_case, error, failureClass, code) => {
    expect(produceFailure(error)).toMatchObject({ failureClass, code });
  });
});

describe('record limits', () => {
  it.each<[string, number]>([
    [Topics.deliveryCommands('netsuite'), 1000],
    [Topics.syncStatus, 1000],
    [Topics.deadLetter('transformation'), 1000 + DEAD_LETTER_RECORD_HEADROOM_BYTES],
  ])('%s takes records up to %d bytes when the limit is 1000', (topic, limit) => {
    expect(recordLimitFor(topic, 1000)).toBe(limit);
  });

  it('counts key, value and headers', () => {
    const bare = recordSize({ key: 'k', value: Buffer.alloc(100) });
    expect(recordSize({ key: 'k', value: Buffer.alloc(100), headers: { h: 'x'.repeat(50) } })).toBeGreaterThan(bare + 50);
    expect(bare).toBeGreaterThan(100);
  });

  it('names the record, its size and the setting when it refuses one', () => {
    expect(oversizedRecordFailure('ferry.x.v1', 't1:customer:c1', 2000, 1000)).toMatchObject({
      failureClass: 'permanent',
      code: 'RECORD_TOO_LARGE',
      message: expect.stringMatching(/ferry\.x\.v1.*t1:customer:c1.*2000.*1000.*KAFKA_MAX_RECORD_BYTES/),
    });
  });

  it('dead-letter topics are created to hold a message at the limit plus its reason', () => {
    const deadLetters = ferryTopicSpecs(6, 1000).filter((spec) => spec.topic.startsWith('ferry.dead-letter.'));
    expect(deadLetters.length).toBeGreaterThan(0);
    for (const spec of deadLetters) expect(Number(spec.config?.['max.message.bytes'])).toBeGreaterThan(recordLimitFor(spec.topic, 1000));
  });

  it('services default to the limit libs/contracts names', () => {
    expect(platformEnvSchema('ingestion', 3001).shape.KAFKA_MAX_RECORD_BYTES.parse(undefined)).toBe(DEFAULT_MAX_RECORD_BYTES);
  });
});
