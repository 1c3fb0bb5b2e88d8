// The participant's photo for the certificate: accepted by content (JPEG or PNG magic bytes, then
// sharp must be able to read it), cropped to the 3:4 frame and re-encoded as a small JPEG without
// metadata (no EXIF location or camera data ends up in the certificate).
import type Sharp from 'sharp';
import { loadSharp } from '../heavy-modules.js';

export type PhotoError = 'not_an_image' | 'too_large' | 'too_small';

export class PhotoRejected extends Error {
  override name = 'PhotoRejected';
  constructor(public readonly code: PhotoError) {
    super(`Photo rejected: ${code}`);
  }
}

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** The smallest accepted source (3:4); smaller photos would print blurred in the 3×4 frame. */
export const PHOTO_MIN_WIDTH = 100;
export const PHOTO_MIN_HEIGHT = 133;
/** The output: 300×400 pixels, 3:4 like a printed 3×4 cm pas foto. */
export const PHOTO_WIDTH = 300;
export const PHOTO_HEIGHT = 400;
/** Sources beyond this many pixels are refused before decoding (a decompression bomb guard). */
const MAX_INPUT_PIXELS = 50_000_000;

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function sniff(bytes: Buffer): 'jpeg' | 'png' | null {
  if (bytes.length >= JPEG_MAGIC.length && bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC)) return 'jpeg';
  if (bytes.length >= PNG_MAGIC.length && bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) return 'png';
  return null;
}

/** Checks the bytes by content (JPEG or PNG magic + sharp metadata; nothing else), crops to 3:4 centred and resizes to 300×400, strips metadata, returns a JPEG. */
export async function preparePhoto(bytes: Buffer): Promise<{ jpeg: Buffer; width: number; height: number; sourceFormat: 'jpeg' | 'png' }> {
  if (bytes.length > PHOTO_MAX_BYTES) throw new PhotoRejected('too_large');
  const magic = sniff(bytes);
  if (!magic) throw new PhotoRejected('not_an_image');
  const sharp = await loadSharp();
  let meta: Awaited<ReturnType<ReturnType<typeof Sharp>["metadata"]>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new PhotoRejected('not_an_image');
  }
  // The magic bytes and the decoder must agree (a PNG header on other data is not a photo).
  if (meta.format !== magic || !meta.width || !meta.height) throw new PhotoRejected('not_an_image');
  // Orientation 5–8 means the camera stored the picture rotated by 90°: compare upright sizes.
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  if (width < PHOTO_MIN_WIDTH || height < PHOTO_MIN_HEIGHT) throw new PhotoRejected('too_small');
  try {
    const jpeg = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate() // apply the EXIF orientation, then metadata is dropped (sharp keeps none by default)
      .flatten({ background: '#ffffff' }) // transparent PNG areas become white, as on paper
      // Centred crop: predictable for a pas foto (sharp's attention strategy follows saturated colours,
      // such as a red batik shirt, rather than the face).
      .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { fit: 'cover', position: 'centre' })
      .jpeg({ quality: 85, mozjpeg: false, chromaSubsampling: '4:2:0' })
      .toBuffer();
    return { jpeg, width: PHOTO_WIDTH, height: PHOTO_HEIGHT, sourceFormat: magic };
  } catch {
    // Valid headers but truncated or corrupt pixel data.
    throw new PhotoRejected('not_an_image');
  }
}
