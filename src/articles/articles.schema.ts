import { z } from 'zod';
import { ARTICLE_KINDS, ARTICLE_STATUSES } from '../core/db/schema.ts';
import { MAX_INT32, MAX_TIME_MS } from '../core/numbers.ts';
import { SLUG_PATTERN } from '../core/slug.ts';

/** The editable content of an article, from any source (demo seed, newsroom form, admin API, import). */
export const articleContentSchema = z.object({
  headline: z.string().trim().min(1, 'A headline is required').max(300),
  place: z.string().trim().max(80).optional(),
  lede: z.string().trim().max(600).default(''),
  /** HTML; sanitised before it is stored. */
  body: z.string().max(200_000).default(''),
  slug: z.string().max(120).optional(),
  section: z.string().min(1, 'Choose a section').max(120),
  tags: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
  authors: z
    .array(z.string().max(120).regex(SLUG_PATTERN, 'Give each author by their slug'))
    .max(10)
    .default([]),
  kind: z.enum(ARTICLE_KINDS).default('staff'),
  breaking: z.boolean().default(false),
  /** A media library image shown above the body, cropped 16:9 around its focal point. */
  leadImage: z.number().int().positive().max(MAX_INT32).nullable().optional(),
});

/** Creating also allows an initial status and times (seeding, imports, publishers). */
export const articleInputSchema = articleContentSchema.extend({
  status: z.enum(ARTICLE_STATUSES).default('draft'),
  publishedAt: z.number().int().positive().max(MAX_TIME_MS).optional(),
  viewCount: z.number().int().min(0).max(MAX_INT32).optional(),
});

export type ArticleContent = z.output<typeof articleContentSchema>;
export type ArticleContentInput = z.input<typeof articleContentSchema>;
export type ArticleInput = z.input<typeof articleInputSchema>;
