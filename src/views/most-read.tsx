import { Box, Listing, type ListingOptions } from '../render/components.tsx';
import type { MostRead } from './views.service.ts';

/** "Most read" for the sidebar: the last 24 hours and the last 7 days, with their view counts. */
export function MostReadBox({ lists, opts }: { lists: MostRead; opts: ListingOptions }) {
  if (lists.day.length === 0 && lists.week.length === 0) return null;
  const compact: ListingOptions = { ...opts, compact: true, headingLevel: 3 };
  return (
    <Box title="Most read" id="most-read-title">
      <div class="most-read">
        {lists.day.length > 0 && (
          <section aria-labelledby="most-read-day">
            <h3 class="most-read-window" id="most-read-day">
              Last 24 hours
            </h3>
            <Listing items={lists.day} opts={compact} />
          </section>
        )}
        {lists.week.length > 0 && (
          <section aria-labelledby="most-read-week">
            <h3 class="most-read-window" id="most-read-week">
              Last 7 days
            </h3>
            <Listing items={lists.week} opts={compact} />
          </section>
        )}
      </div>
    </Box>
  );
}
