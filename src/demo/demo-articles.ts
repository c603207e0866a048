import { demoArticles1 } from './demo-articles-1.ts';
import { demoArticles2 } from './demo-articles-2.ts';
import { demoArticles3 } from './demo-articles-3.ts';
import type { DemoArticle } from './demo-types.ts';

export const demoArticles: DemoArticle[] = [...demoArticles1, ...demoArticles2, ...demoArticles3];
