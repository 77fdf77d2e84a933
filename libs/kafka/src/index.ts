export * from './processing.error';
export * from './kafka-client';
export * from './tenant-partitioner';
export * from './avro-codec';
export * from './event-producer';
export * from './topic-admin';
export * from './topic-consumer';
export * from './dead-letter-publisher';
