import { renderToString } from 'preact-render-to-string';
import type { MediaRow } from '../core/db/schema.ts';
import { CROPS, type CropName, cropBox, cropWidthsFor, widthsFor } from './media.service.ts';

const EXT = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;
export const BODY_SIZES = '(min-width: 60rem) 40rem, 100vw';

const url = (m: MediaRow, name: string, ext: string) => `/media/${m.storage_key}/${name}.${ext}`;

function srcset(m: MediaRow, prefix: string, widths: number[], ext: string): string {
  return widths.map((w) => `${url(m, `${prefix}w${w}`, ext)} ${w}w`).join(', ');
}

/** A responsive picture: WebP first, the original format as fallback, intrinsic size set so nothing shifts. */
export function Picture({
  m,
  crop,
  sizes,
  eager = false,
}: {
  m: MediaRow;
  crop?: CropName | undefined;
  sizes: string;
  eager?: boolean;
}) {
  const box = crop
    ? cropBox(m.width, m.height, CROPS[crop], m.focal_x, m.focal_y)
    : { width: m.width, height: m.height };
  const widths = crop ? cropWidthsFor(box.width) : widthsFor(m.width);
  const prefix = crop ? `${crop}-` : '';
  const fallback = widths.find((w) => w >= 960) ?? widths[widths.length - 1]!;
  const ext = EXT[m.format];
  return (
    <picture>
      {m.format !== 'webp' && (
        <source type="image/webp" srcset={srcset(m, prefix, widths, 'webp')} sizes={sizes} />
      )}
      <img
        src={url(m, `${prefix}w${fallback}`, ext)}
        srcset={srcset(m, prefix, widths, ext)}
        sizes={sizes}
        width={fallback}
        height={Math.round((fallback * box.height) / box.width)}
        alt={m.alt}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
      />
    </picture>
  );
}

export function Figure({
  m,
  crop,
  sizes,
  eager,
}: {
  m: MediaRow;
  crop?: CropName;
  sizes: string;
  eager?: boolean;
}) {
  return (
    <figure>
      <Picture m={m} crop={crop} sizes={sizes} eager={eager} />
      {m.caption && <figcaption>{m.caption}</figcaption>}
    </figure>
  );
}

/** The HTML inserted into an article body for an image (it passes the body sanitiser unchanged). */
export function bodyImageHtml(m: MediaRow): string {
  return renderToString(<Figure m={m} sizes={BODY_SIZES} />);
}
