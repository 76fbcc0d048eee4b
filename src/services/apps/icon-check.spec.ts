import { checkIcon } from './icon-check';

function png(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

describe('checkIcon', () => {
  it('accepts PNG, JPEG and SVG up to 96×96', () => {
    expect(checkIcon(png(96, 64))).toMatchObject({ ok: true, kind: 'png', width: 96, height: 64 });
    expect(checkIcon(jpeg(48, 48))).toMatchObject({ ok: true, kind: 'jpeg', width: 48, height: 48 });
    expect(
      checkIcon(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect/></svg>')),
    ).toMatchObject({ ok: true, kind: 'svg', width: 64 });
    expect(checkIcon(Buffer.from('<svg width="32px" height="30"></svg>'))).toMatchObject({
      ok: true,
      width: 32,
      height: 30,
    });
  });

  it('rejects oversized pictures, big files, scripts and other formats', () => {
    expect(checkIcon(png(97, 10))).toMatchObject({ ok: false });
    expect(checkIcon(jpeg(200, 20))).toMatchObject({ ok: false });
    expect(checkIcon(Buffer.concat([png(10, 10), Buffer.alloc(21 * 1024)]))).toMatchObject({ ok: false });
    expect(checkIcon(Buffer.from('<svg viewBox="0 0 10 10" onload="alert(1)"></svg>'))).toMatchObject({ ok: false });
    expect(checkIcon(Buffer.from('<svg><script>x</script></svg>'))).toMatchObject({ ok: false });
    expect(checkIcon(Buffer.from('GIF89a....'))).toMatchObject({ ok: false });
  });
});
