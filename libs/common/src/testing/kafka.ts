import type { Admin } from 'kafkajs';
import { waitFor } from './wait-for';

/**
 * End offsets of every partition of `topic`. Right after a topic is created, or while the
 * broker moves leadership, the admin client's cached metadata can name a broker that is not
 * (yet) the leader; the request then fails with NOT_LEADER. The metadata is refreshed and the
 * request tried again until it answers.
 */
export async function topicEndOffsets(admin: Admin, topic: string): Promise<{ partition: number; high: string }[]> {
  return waitFor(
    async () => {
      try {
        return await admin.fetchTopicOffsets(topic);
      } catch (error) {
        await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
        throw error;
      }
    },
    (ends) => ends.length > 0,
    { what: `the end offsets of ${topic}`, timeoutMs: 30_000, intervalMs: 250 },
  );
}
