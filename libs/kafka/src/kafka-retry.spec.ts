import { KafkaJSConnectionError, KafkaJSProtocolError } from 'kafkajs';
import { isRetriableKafkaError, retryRetriableKafkaErrors } from './kafka-retry';

// kafkajs builds protocol errors from the broker's error entry; its typings only admit Error | string.
const brokerError = (entry: { type: string; code: number; retriable: boolean; message: string }) =>
  new KafkaJSProtocolError(entry as unknown as Error);
const notLeader = () => brokerError({ type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true, message: 'not the leader' });
const notAuthorized = () => brokerError({ type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false, message: 'not authorized' });

describe('retryRetriableKafkaErrors', () => {
  it('tells retriable broker answers and dropped connections from permanent ones', () => {
    expect(isRetriableKafkaError(notLeader())).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSConnectionError('closed'))).toBe(true);
    expect(isRetriableKafkaError(notAuthorized())).toBe(false);
    expect(isRetriableKafkaError(new Error('bug'))).toBe(false);
  });

  it('calls again until the leader is known', async () => {
    let calls = 0;
    const result = await retryRetriableKafkaErrors(
      async () => {
        calls += 1;
        if (calls < 3) throw notLeader();
        return 'offsets';
      },
      8,
      1,
    );
    expect(result).toBe('offsets');
    expect(calls).toBe(3);
  });

  it('gives up at once on a permanent error and after the last attempt on a retriable one', async () => {
    let calls = 0;
    await expect(
      retryRetriableKafkaErrors(
        async () => {
          calls += 1;
          throw notAuthorized();
        },
        8,
        1,
      ),
    ).rejects.toThrow('not authorized');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryRetriableKafkaErrors(
        async () => {
          calls += 1;
          throw notLeader();
        },
        4,
        1,
      ),
    ).rejects.toThrow('not the leader');
    expect(calls).toBe(4);
  });
});
