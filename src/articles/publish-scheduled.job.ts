import { systemActor } from '../accounts/actor.ts';
import type { Job } from '../jobs/scheduler.ts';
import type { ArticleService } from './articles.service.ts';

/**
 * Publishes scheduled articles when their time comes. It runs every second under a 4 s lease: when
 * the node holding the lease dies, another (or the same one restarted) takes over within about 5 s,
 * so a story goes live within 10 s of its time even across a crash. Each publish checks the
 * article's version, so a run taken over mid-way publishes nothing twice.
 */
export function publishScheduledJob(articles: ArticleService): Job {
  const scheduler = systemActor('scheduler');
  return {
    name: 'publish-scheduled',
    everyMs: 1_000,
    leaseMs: 4_000,
    run: () => articles.publishDue(scheduler),
  };
}
