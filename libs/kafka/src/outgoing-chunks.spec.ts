import type { TopicMessages } from 'kafkajs';
import { outgoingChunks } from './outgoing-chunks';

const message = (key: string, bytes: number) => ({ key, value: Buffer.alloc(bytes) });
/** Each chunk as topic:key lists, to compare shapes without buffers. */
const shape = (chunks: TopicMessages[][]) =>
  chunks.map((chunk) => chunk.map(({ topic, messages }) => `${topic}:${messages.map((m) => m.key).join(',')}`));

describe('outgoingChunks: a transaction’s gathered output in sends the broker accepts', () => {
  it.each<[string, TopicMessages[], string[][]]>([
    ['nothing gathered', [], []],
    ['small output in one send', [{ topic: 'a', messages: [message('1', 10), message('2', 10)] }], [['a:1,2']]],
    [
      'one topic beyond the limit, split in order',
      [{ topic: 'a', messages: [message('1', 60), message('2', 60), message('3', 60)] }],
      [['a:1'], ['a:2'], ['a:3']],
    ],
    [
      'two topics, consecutive messages of a topic kept together',
      [
        { topic: 'a', messages: [message('1', 30), message('2', 30)] },
        { topic: 'b', messages: [message('3', 30)] },
        { topic: 'a', messages: [message('4', 30)] },
      ],
      [['a:1,2', 'b:3'], ['a:4']],
    ],
    [
      'a message larger than the limit alone',
      [{ topic: 'a', messages: [message('1', 10), message('2', 500), message('3', 10)] }],
      [['a:1'], ['a:2'], ['a:3']],
    ],
  ])('%s', (_case, gathered, expected) => {
    expect(shape(outgoingChunks(gathered, 100))).toEqual(expected);
  });

  it('counts keys and headers too', () => {
    const withHeaders = { key: 'k'.repeat(40), value: Buffer.alloc(10), headers: { trace: 'x'.repeat(40) } };
    expect(outgoingChunks([{ topic: 'a', messages: [withHeaders, withHeaders] }], 100)).toHaveLength(2);
  });
});
