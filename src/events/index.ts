/** Events: typed topics, pub/sub implementations, the instance event log and live streams. */
export {
  topics,
  type Topic,
  type TopicMap,
  type PayloadOf,
  type InstanceEvent,
  type JobUpdate,
  type JobTaskSummary,
  type UserNotification,
  type VersionNotification,
} from './event-topics';
export type { PubSub, Unsubscribe } from './pubsub';
export { MemoryPubSub } from './memory-pubsub';
export { RedisPubSub, type RedisPubSubOptions } from './redis-pubsub';
export { EventHub, type Announcement, type CommitAnnouncer } from './event-hub';
export { recordInstanceEvent, InstanceEventError, type InstanceEventInput } from './instance-events';
export { readJobSnapshot } from '../data/jobs/job-snapshot.query';
