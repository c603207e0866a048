import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Metadata, Sharp } from 'sharp';

// libvips is loaded on the first image (~250 ms), not when the server starts.
let sharpModule: Promise<typeof import('sharp').default> | undefined;
const loadSharp = () => {
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
};

import { type Actor, requireActor, userOf } from '../accounts/actor.ts';
import { ForbiddenError } from '../accounts/auth.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Database } from '../core/db/database.ts';
import type { MediaRow } from '../core/db/schema.ts';
import { AppError, ValidationError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { plainText } from '../core/sanitize.ts';
import {
  articlesLeadingWith,
  findMedia,
  insertMedia,
  recentMedia,
  updateMediaText,
} from './media.repository.ts';

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** 50 megapixels: any larger is refused before it is decoded (a "decompression bomb" guard). */
export const MAX_PIXELS = 50_000_000;
export const MIN_SIDE = 100;
/** Responsive widths for body images; no width above the original is made. */
export const WIDTHS = [320, 640, 960, 1280, 1920] as const;
/** Lead image crops, cut around the focal point. */
export const CROPS = { '16x9': 16 / 9, '4x3': 4 / 3, '1x1': 1 } as const;
export type CropName = keyof typeof CROPS;
export const CROP_WIDTHS = [320, 640, 1280] as const;

const FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;
type Format = keyof typeof FORMATS;

/** The names render() and ingest() give a stored image's folder and files; nothing else is served. */
const KEY = /^[0-9a-f]{24}$/;
const FILE = /^(original|(?:(?:16x9|4x3|1x1)-)?w\d{2,4})\.(webp|jpg|png)$/;
const TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };

/** One stored file of an image, found on disk. */
export interface StoredFile {
  path: string;
  size: number;
  type: string;
  /** A focal-point crop: cut again when the focal point moves, so it may change under its name. */
  crop: boolean;
}

export class UnsupportedMediaError extends AppError {
  constructor(message: string) {
    super('unsupported_media', 415, message);
  }
}

/** Where the focal point puts a crop of the given aspect ratio, inside the image. */
export function cropBox(width: number, height: number, ratio: number, fx: number, fy: number) {
  let w = width;
  let h = Math.round(width / ratio);
  if (h > height) {
    h = height;
    w = Math.round(height * ratio);
  }
  const left = Math.min(Math.max(0, Math.round(fx * width - w / 2)), width - w);
  const top = Math.min(Math.max(0, Math.round(fy * height - h / 2)), height - h);
  return { left, top, width: w, height: h };
}

export interface Variant {
  name: string;
  width: number;
  height: number;
  type: string;
}

/** Uploaded images: checked, resized into responsive widths (WebP and the original format) and cropped. */
export class MediaService {
  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly audit?: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly events?: EventBus,
  ) {}

  dirOf(key: string): string {
    return path.join(this.dir, key);
  }

  find(id: number): Promise<MediaRow | undefined> {
    return findMedia(this.db, id);
  }

  /** The newest images first, for the library and the article editor. */
  recent(limit: number): Promise<MediaRow[]> {
    return recentMedia(this.db, limit);
  }

  /** A stored variant by its public name, or undefined for any other name or a missing file. */
  async storedFile(key: string, file: string): Promise<StoredFile | undefined> {
    const m = FILE.exec(file);
    if (!KEY.test(key) || !m) return undefined;
    const full = path.join(this.dirOf(key), file);
    const stat = await fs.stat(full).catch(() => null);
    if (!stat?.isFile()) return undefined;
    return { path: full, size: stat.size, type: TYPES[m[2]!]!, crop: m[1]!.includes('x') };
  }

  async ingest(
    buffer: Buffer,
    meta: {
      originalName: string;
      alt: string;
      caption?: string;
      focalX?: number;
      focalY?: number;
      userId: number | null;
    },
  ): Promise<MediaRow> {
    const alt = plainText(meta.alt).slice(0, 500);
    if (!alt)
      throw new ValidationError('Describe the image in the alt text; it is required.', { alt: 'Required' });
    if (buffer.length > MAX_UPLOAD_BYTES)
      throw new AppError('too_large', 413, 'The image is larger than 15 MB.');
    let info: Metadata;
    try {
      const sharp = await loadSharp();
      info = await sharp(buffer, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch {
      throw new UnsupportedMediaError('This file is not an image we can read. Upload a JPEG, PNG or WebP.');
    }
    const format = info.format as string;
    if (!(format in FORMATS)) {
      throw new UnsupportedMediaError(
        `${format.toUpperCase()} files are not accepted. Upload a JPEG, PNG or WebP.`,
      );
    }
    // EXIF orientation: width and height as displayed.
    const rotated = (info.orientation ?? 1) >= 5;
    const width = rotated ? info.height! : info.width!;
    const height = rotated ? info.width! : info.height!;
    if (width * height > MAX_PIXELS)
      throw new UnsupportedMediaError('The image has more than 50 megapixels.');
    if (width < MIN_SIDE || height < MIN_SIDE) {
      throw new ValidationError(`The image is too small: at least ${MIN_SIDE} pixels on each side.`, {
        file: 'Too small',
      });
    }
    const key = randomBytes(12).toString('hex');
    const focalX = clamp01(meta.focalX ?? 0.5);
    const focalY = clamp01(meta.focalY ?? 0.5);
    await fs.mkdir(this.dirOf(key), { recursive: true });
    try {
      // The original is kept (normalised: rotated, metadata stripped) as the source for later crops.
      const sharp = await loadSharp();
      await sharp(buffer, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .toFile(path.join(this.dirOf(key), `original.${FORMATS[format as Format]}`));
      await this.render(key, format as Format, width, height, focalX, focalY, { widths: true });
    } catch (err) {
      await fs.rm(this.dirOf(key), { recursive: true, force: true });
      throw err;
    }
    const row = await insertMedia(this.db, {
      storage_key: key,
      original_name: plainText(meta.originalName).slice(0, 255) || 'image',
      format: format as Format,
      width,
      height,
      bytes: buffer.length,
      focal_x: focalX,
      focal_y: focalY,
      alt,
      caption: plainText(meta.caption ?? '').slice(0, 1000),
      created_by: meta.userId,
      created_at: this.now(),
    });
    await this.audit?.record({ userId: meta.userId, action: 'media.upload', subject: `media:${row.id}` });
    return row;
  }

  /**
   * New alt text, caption or focal point; crops are cut again around a moved focal point. Editors
   * and admins may edit any image; others only images they uploaded, and not once one leads a
   * published story (it is then the editors' to change, as the story is).
   */
  async edit(
    m: MediaRow,
    patch: { alt: string; caption: string; focalX: number; focalY: number },
    actor: Actor,
  ): Promise<void> {
    const published = await this.checkEditable(m, actor);
    const alt = plainText(patch.alt).slice(0, 500);
    if (!alt) throw new ValidationError('The alt text is required.', { alt: 'Required' });
    const fx = clamp01(patch.focalX);
    const fy = clamp01(patch.focalY);
    if (fx !== m.focal_x || fy !== m.focal_y)
      await this.render(m.storage_key, m.format, m.width, m.height, fx, fy, { widths: false });
    await updateMediaText(this.db, m.id, {
      alt,
      caption: plainText(patch.caption).slice(0, 1000),
      focal_x: fx,
      focal_y: fy,
    });
    // Every page showing an article that leads with this image shows the new text or crop.
    if (published.length) await this.events?.emit('media.changed', { mediaId: m.id, articleIds: published });
  }

  /** Refuses (403) an actor who may not edit the image; else the published stories it leads. */
  async checkEditable(m: MediaRow, actor: Actor): Promise<number[]> {
    const user = userOf(requireActor(actor));
    const published = await articlesLeadingWith(this.db, m.id);
    if (user && !can(user.role, 'article.edit-any')) {
      if (m.created_by !== user.id) throw new ForbiddenError('You can only edit images you uploaded.');
      if (published.length)
        throw new ForbiddenError('This image leads a published story: ask an editor to change it.');
    }
    return published;
  }

  private async render(
    key: string,
    format: Format,
    width: number,
    height: number,
    fx: number,
    fy: number,
    opts: { widths: boolean },
  ) {
    const dir = this.dirOf(key);
    const sharp = await loadSharp();
    const source = path.join(dir, `original.${FORMATS[format]}`);
    const outputs = format === 'webp' ? (['webp'] as const) : (['webp', format] as const);
    const write = (img: Sharp, name: string, f: Format) => {
      const encoded =
        f === 'webp'
          ? img.webp({ quality: 78 })
          : f === 'jpeg'
            ? img.jpeg({ quality: 80, mozjpeg: true })
            : img.png();
      return encoded.toFile(path.join(dir, `${name}.${FORMATS[f]}`));
    };
    if (opts.widths) {
      for (const w of widthsFor(width)) {
        for (const f of outputs) await write(sharp(source).resize({ width: w }), `w${w}`, f);
      }
    }
    for (const [crop, ratio] of Object.entries(CROPS)) {
      const box = cropBox(width, height, ratio, fx, fy);
      for (const w of cropWidthsFor(box.width)) {
        for (const f of outputs)
          await write(sharp(source).extract(box).resize({ width: w }), `${crop}-w${w}`, f);
      }
    }
  }
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0.5;
}

export function widthsFor(width: number): number[] {
  const ws: number[] = WIDTHS.filter((w) => w < width);
  if (ws.length === 0 || ws[ws.length - 1]! < width) ws.push(Math.min(width, 1920));
  return [...new Set(ws)];
}

export function cropWidthsFor(boxWidth: number): number[] {
  return CROP_WIDTHS.filter((cw, i) => cw <= boxWidth || i === 0);
}
