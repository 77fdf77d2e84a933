export { FerryClient, type FerryClientSettings } from './ferry-client';
export { FerryProducer, type CanonicalEventSubject, type PublishedEvent, type SubjectAndEvent } from './ferry-producer';
export {
  FerryConsumer,
  consumableTopic,
  type AvroTopic,
  type ConsumableTopicName,
  type ConsumedRecord,
  type ConsumeOptions,
  type UndecodableRecord,
} from './ferry-consumer';
export { SchemaRegistryReader, type RegistrySettings } from './schema-registry-reader';
export { FerryClientError, type FerryClientErrorCode } from './client-errors';
export { tenantPartitioner, tenantOfKey } from './tenant-partitioner';
export {
  CANONICAL_EVENTS,
  CONSUMABLE_TOPICS,
  PRODUCT_EVENTS_TOPIC,
  type CanonicalEventTypes,
  type ConsumableTopicTypes,
} from './generated/catalog.generated';
export type * from './generated/contracts.generated';
export { Subjects } from './generated/contracts.generated';
