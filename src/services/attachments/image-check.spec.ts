import { deflateSync } from 'node:zlib';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkImage } from './image-check';
import type { ImageLimits } from './image-check.types';

const ICON: ImageLimits = { maxBytes: 20 * 1024, maxWidth: 96, maxHeight: 96, maxPixels: 96 * 96 };
const SHOT: ImageLimits = { maxBytes: 2 * 1024 * 1024, maxWidth: 4096, maxHeight: 4096, maxPixels: 8 * 1024 * 1024 };

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i += 4) image.data.set([i % 251, 80, 160, 255], i);
  return PNG.sync.write(image);
}

function jpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4, 0x7f);
  return encodeJpeg({ data, width, height }, 80).data;
}

/** A PNG whose IHDR says width × height and whose IDAT holds `idat` (CRCs are not checked before the header). */
function pngWith(width: number, height: number, idat: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('checkImage: PNG', () => {
  it('accepts a small PNG as image/png with its decoded size and bytes unchanged', async () => {
    const data = png(64, 48);
    expect(await checkImage(data, 'the icon', ICON)).toEqual({
      ok: true,
      format: 'png',
      contentType: 'image/png',
      width: 64,
      height: 48,
      data,
    });
  });

  it('refuses a PNG larger than the pixel limit', async () => {
    expect(await checkImage(png(97, 10), 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon is 97×10 px; at most 96×96 are allowed',
    });
  });

  it('refuses a bomb header claiming huge dimensions before inflating anything', async () => {
    const bomb = pngWith(100_000, 100_000, deflateSync(Buffer.alloc(1024)));
    expect(await checkImage(bomb, 'screenshot 1', SHOT)).toEqual({
      ok: false,
      message: 'screenshot 1 is 100000×100000 px; at most 4096×4096 are allowed',
    });
    const wideBomb = pngWith(4096, 4096, deflateSync(Buffer.alloc(1024)));
    expect(await checkImage(wideBomb, 'screenshot 1', SHOT)).toMatchObject({
      ok: false,
      message: expect.stringContaining('at most 8388608 pixels'),
    });
  });

  it('stops inflating at the bound the header allows (small header, huge data)', async () => {
    const idat = deflateSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    expect(idat.length).toBeLessThan(ICON.maxBytes);
    expect(await checkImage(pngWith(16, 16, idat), 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon inflates to more data than 16×16 px hold',
    });
  });

  it('refuses a truncated PNG and one with a broken CRC', async () => {
    const good = png(32, 32);
    expect(await checkImage(good.subarray(0, good.length - 30), 'the icon', ICON)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the icon is truncated/),
    });
    const flipped = Buffer.from(good);
    flipped[good.length - 20] ^= 0xff;
    expect(await checkImage(flipped, 'the icon', ICON)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the icon is a corrupt PNG/),
    });
  });

  it('refuses a PNG signature with garbage after it', async () => {
    const fake = Buffer.concat([png(8, 8).subarray(0, 8), Buffer.from('not really a png at all, just text....')]);
    expect(await checkImage(fake, 'the icon', ICON)).toEqual({ ok: false, message: 'the icon has no PNG header' });
  });
});

describe('checkImage: JPEG', () => {
  it('accepts a JPEG as image/jpeg with its decoded size', async () => {
    const data = jpeg(80, 60);
    expect(await checkImage(data, 'the icon', ICON)).toMatchObject({
      ok: true,
      format: 'jpeg',
      contentType: 'image/jpeg',
      width: 80,
      height: 60,
    });
  });

  it('refuses an oversized JPEG by its frame header and a truncated one by decoding', async () => {
    expect(await checkImage(jpeg(120, 20), 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon is 120×20 px; at most 96×96 are allowed',
    });
    const good = jpeg(64, 64);
    expect(await checkImage(good.subarray(0, Math.floor(good.length * 0.6)), 'the icon', ICON)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the icon is a corrupt JPEG/),
    });
  });
});

describe('checkImage: anything else', () => {
  it('refuses a text file named .png, an empty file and an oversized file', async () => {
    expect(await checkImage(Buffer.from('hello, I am a text file\n'), 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon is not a PNG, JPEG or SVG image',
    });
    expect(await checkImage(Buffer.from([0x00, 0xff, 0xfe, 0x80]), 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon is not a PNG, JPEG or SVG image',
    });
    expect(await checkImage(Buffer.alloc(0), 'the icon', ICON)).toEqual({ ok: false, message: 'the icon is empty' });
    expect(await checkImage(Buffer.alloc(ICON.maxBytes + 1), 'the icon', ICON)).toEqual({
      ok: false,
      message: `the icon is ${ICON.maxBytes + 1} bytes; at most ${ICON.maxBytes} are allowed`,
    });
  });

  it('refuses an HTML page and a non-SVG XML document', async () => {
    const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
    expect(await checkImage(html, 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon is not a PNG, JPEG or SVG image',
    });
    const xml = Buffer.from('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>');
    expect(await checkImage(xml, 'the icon', ICON)).toEqual({
      ok: false,
      message: 'the icon is not a PNG, JPEG or SVG image',
    });
  });
});
