import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { PHOTO_MAX_BYTES, PhotoRejected, preparePhoto, type PhotoError } from './photo.js';

const image = (width: number, height: number, background = '#4477aa') => sharp({ create: { width, height, channels: 3, background } });

async function rejected(bytes: Buffer, code: PhotoError): Promise<void> {
  await assert.rejects(preparePhoto(bytes), (err: unknown) => {
    assert.ok(err instanceof PhotoRejected, `PhotoRejected expected, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

test('JPEG and PNG become a 300×400 JPEG without metadata', async () => {
  const jpeg = await image(1200, 900)
    .withExif({ IFD0: { Copyright: 'kamera dinas', Artist: 'Ni Luh Putu' } })
    .jpeg()
    .toBuffer();
  assert.ok((await sharp(jpeg).metadata()).exif, 'the source carries EXIF');
  const fromJpeg = await preparePhoto(jpeg);
  assert.equal(fromJpeg.sourceFormat, 'jpeg');
  const meta = await sharp(fromJpeg.jpeg).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, fromJpeg.width, fromJpeg.height], ['jpeg', 300, 400, 300, 400]);
  assert.equal(meta.exif, undefined, 'EXIF stripped');
  assert.equal(meta.icc, undefined);

  // A PNG with transparency: flattened on white (JPEG has no alpha).
  const png = await sharp({ create: { width: 450, height: 600, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0 } } }).png().toBuffer();
  const fromPng = await preparePhoto(png);
  assert.equal(fromPng.sourceFormat, 'png');
  const pngMeta = await sharp(fromPng.jpeg).metadata();
  assert.deepEqual([pngMeta.format, pngMeta.width, pngMeta.height, pngMeta.channels], ['jpeg', 300, 400, 3]);
  const { data } = await sharp(fromPng.jpeg).raw().toBuffer({ resolveWithObject: true });
  assert.ok(data[0]! > 240 && data[1]! > 240 && data[2]! > 240, 'transparent became white');
});

test('the crop keeps the middle of a wide photo at 3:4', async () => {
  // 900×400: red left third, blue middle third, green right third; the 3:4 crop is the middle.
  const red = await image(300, 400, '#ff0000').png().toBuffer();
  const green = await image(300, 400, '#00ff00').png().toBuffer();
  const wide = await image(900, 400, '#0000ff')
    .composite([
      { input: red, left: 0, top: 0 },
      { input: green, left: 600, top: 0 },
    ])
    .png()
    .toBuffer();
  const { jpeg } = await preparePhoto(wide);
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
  const [r, g, b] = at(150, 200);
  assert.ok(b! > 200 && r! < 60 && g! < 60, `the centre of the result is blue, got ${[r, g, b]}`);
});

test('anything but JPEG or PNG is not_an_image, whatever its name', async () => {
  await rejected(await image(300, 400).gif().toBuffer(), 'not_an_image');
  await rejected(await image(300, 400).webp().toBuffer(), 'not_an_image');
  await rejected(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), 'not_an_image');
  await rejected(Buffer.from('Ini bukan foto, hanya teks yang diberi nama foto.jpg\n'), 'not_an_image');
  await rejected(Buffer.alloc(0), 'not_an_image');
  // Right magic bytes, nothing behind them.
  await rejected(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]), 'not_an_image');
  await rejected(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200)]), 'not_an_image');
  // A PNG whose pixel data is cut off.
  const png = await image(400, 600).png().toBuffer();
  await rejected(png.subarray(0, Math.floor(png.length / 2)), 'not_an_image');
});

test('over 2 MB is too_large, under 100×133 is too_small', async () => {
  const noisy = await sharp(randomBytes(1100 * 1100 * 3), { raw: { width: 1100, height: 1100, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  assert.ok(noisy.length > PHOTO_MAX_BYTES);
  await rejected(noisy, 'too_large');
  await rejected(Buffer.alloc(PHOTO_MAX_BYTES + 1, 0xff), 'too_large');

  await rejected(await image(60, 80).jpeg().toBuffer(), 'too_small');
  await rejected(await image(99, 400).png().toBuffer(), 'too_small');
  await rejected(await image(300, 132).jpeg().toBuffer(), 'too_small');
  const smallest = await preparePhoto(await image(100, 133).jpeg().toBuffer());
  assert.equal((await sharp(smallest.jpeg).metadata()).width, 300);
});
