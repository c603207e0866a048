import { z } from 'zod';
import { ARTICLE_KINDS, ARTICLE_STATUSES } from '../core/db/schema.ts';

/** Input for creating an article, from any source (demo seed, newsroom, API, import). */
export const articleInputSchema = z.object({
  headline: z.string().trim().min(1).max(300),
  place: z.string().trim().max(80).optional(),
  lede: z.string().trim().max(600).default(''),
  /** HTML; sanitised before it is stored. */
  body: z.string().max(200_000).default(''),
  slug: z.string().max(120).optional(),
  section: z.string().min(1).max(120),
  tags: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
  authors: z.array(z.string().min(1).max(120)).max(10).default([]),
  kind: z.enum(ARTICLE_KINDS).default('staff'),
  status: z.enum(ARTICLE_STATUSES).default('draft'),
  breaking: z.boolean().default(false),
  publishedAt: z.number().int().positive().optional(),
  viewCount: z.number().int().min(0).optional(),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
