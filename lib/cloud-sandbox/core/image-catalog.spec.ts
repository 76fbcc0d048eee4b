import { ImageCatalog } from './image-catalog';

describe('ImageCatalog', () => {
  it('accepts and records any image id when open, listing the default first', () => {
    const seen: string[][] = [];
    const images = new ImageCatalog('img-default', undefined, [], (s) => seen.push(s));
    expect(images.accept('img-app')).toBe(true);
    expect(images.accept('img-app')).toBe(true);
    expect(images.accept('img-default')).toBe(true);
    expect(images.list()).toEqual(['img-default', 'img-app']);
    expect(seen).toEqual([['img-app']]);
  });

  it('refuses empty or padded ids', () => {
    const images = new ImageCatalog('img-default', undefined);
    expect(images.accept('')).toBe(false);
    expect(images.accept(' img')).toBe(false);
  });

  it('accepts only the fixed list when one is given', () => {
    const images = new ImageCatalog('img-default', ['img-a', 'img-b']);
    expect(images.accept('img-a')).toBe(true);
    expect(images.accept('img-c')).toBe(false);
    expect(images.list()).toEqual(['img-a', 'img-b']);
  });

  it('lists images seen before a restart', () => {
    expect(new ImageCatalog('d', undefined, ['x', 'y']).list()).toEqual(['d', 'x', 'y']);
  });
});
