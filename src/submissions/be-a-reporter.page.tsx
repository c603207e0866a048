import { sectionUrl } from '../core/urls.ts';
import type { SiteContext } from '../render/context.ts';
import { NoticePage } from '../render/notice.page.tsx';
import type { Section } from '../sections/sections.service.ts';

export interface BeAReporterPageProps {
  site: SiteContext;
  /** The section the reader came from, named in the page and in the email's subject. */
  section: Section | undefined;
  newsroomEmail: string;
}

/** "Be a reporter": how to send an article. The online form arrives with reader submissions. */
export function BeAReporterPage({ site, section, newsroomEmail }: BeAReporterPageProps) {
  const subject = section ? `Be a reporter: ${section.name}` : 'Be a reporter';
  const mailto = `mailto:${newsroomEmail}?subject=${encodeURIComponent(subject)}`;
  return (
    <NoticePage site={site} title="Be a reporter: Write and send your article" noindex={false}>
      <p>
        {site.name} publishes articles from its readers. If you saw something happen, know a story our
        reporters have missed, or want to share an informed view, write it up and send it to us.
      </p>
      {section && (
        <p>
          You are writing for the <a href={sectionUrl(section)}>{section.name}</a> section.
        </p>
      )}
      <h2>How to send your article</h2>
      <ol>
        <li>Write a headline, a one-sentence summary and the article itself, in English.</li>
        <li>Say where and when it happened, and how you know.</li>
        <li>Add your name and a way to reach you; we do not publish your contact details.</li>
        <li>
          Email it to <a href={mailto}>{newsroomEmail}</a>
          {section ? ` with "${section.name}" in the subject line` : ''}.
        </li>
      </ol>
      <p>
        An editor reads every submission before anything is published and may shorten or correct it. You will
        hear back from us either way.
      </p>
    </NoticePage>
  );
}
