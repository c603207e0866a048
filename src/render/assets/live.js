// Live updates for readers' pages, from the /live event stream: a "new stories" bar (on the home
// page for every story, on a section page for its stories, on an article page for stories in the
// article's section, linked to that section) and a breaking-news banner everywhere. The pages
// work without it.
(() => {
  const body = document.body;
  // A reader's view, when views are counted by beacon (a cache in front answers the page itself).
  const beacon = body.dataset.viewBeacon;
  if (beacon && navigator.sendBeacon) {
    const send = () => navigator.sendBeacon(beacon);
    // A prerendered page counts only once the reader actually opens it.
    if (document.prerendering) document.addEventListener('prerenderingchange', send, { once: true });
    else send();
  }
  if (!('EventSource' in window)) return;
  const page = body.dataset.livePage;
  if (!page) return;
  const section = body.dataset.liveSection;
  const sectionName = body.dataset.liveSectionName;
  const main = document.getElementById('main');
  if (!main) return;

  const bar = document.createElement('div');
  bar.className = 'live-bar';
  bar.setAttribute('role', 'status');
  bar.hidden = true;
  main.prepend(bar);
  const fresh = new Map();
  // Set when the server says more stories came out while the page was away than it replays: a
  // count would be wrong, so the bar offers the latest instead (the reader chooses to reload).
  let behind = false;

  const showBar = () => {
    const n = fresh.size;
    const link = document.createElement('a');
    if (behind) {
      // Reloading an article would not show them either: its section (or the front page) would.
      const away = 'Many stories came out while you were away';
      if (page !== 'article') link.href = location.pathname + location.search;
      else link.href = section ? `/sections/${section}` : '/';
      link.textContent =
        page === 'article' && section ? `${away}: the latest in ${sectionName}` : `${away}: show the latest`;
    } else if (page === 'article') {
      // Reloading the article would not show them: point to the story, or to the section.
      const only = n === 1 ? [...fresh.values()][0] : null;
      link.href = only ? only.url : `/sections/${section}`;
      link.textContent = only
        ? `New in ${sectionName}: ${only.place ? `${only.place}: ` : ''}${only.headline}`
        : `${n} new stories in ${sectionName}: show them`;
    } else {
      link.href = location.pathname + location.search;
      link.textContent = n === 1 ? '1 new story: show it' : `${n} new stories: show them`;
    }
    bar.replaceChildren(link);
    bar.hidden = false;
  };

  const showBreaking = (a) => {
    const p = document.createElement('p');
    p.className = 'breaking live-breaking';
    p.setAttribute('role', 'alert');
    const link = document.createElement('a');
    link.href = a.url;
    link.textContent = a.place ? `${a.place}: ${a.headline}` : a.headline;
    p.append('Breaking: ', link);
    main.prepend(p);
  };

  const stream = new EventSource('/live');
  stream.addEventListener('reload', () => {
    behind = true;
    showBar();
  });
  stream.addEventListener('publish', (m) => {
    const a = JSON.parse(m.data);
    if (document.querySelector(`a[href="${a.url}"]`)) return;
    if (a.breaking) showBreaking(a);
    const here = page === 'home' || (section !== undefined && a.sections.includes(section));
    if (here) {
      fresh.set(a.id, a);
      showBar();
    }
  });
})();
