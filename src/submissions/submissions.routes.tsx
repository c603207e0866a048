import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { queryString, sendPage } from '../http/html.ts';
import { BeAReporterPage } from './be-a-reporter.page.tsx';

/** "Be a reporter": how readers send an article (the page names the section they came from). */
export function submissionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/be-a-reporter', { config: { permission: 'public' } }, async (req, reply) => {
    const slug = queryString(req.query, 'section');
    const section = typeof slug === 'string' ? ctx.sections.bySlugOrUndefined(slug) : undefined;
    return sendPage(
      reply,
      <BeAReporterPage site={ctx.site()} section={section} newsroomEmail={ctx.config.newsroomEmail} />,
    );
  });
}
