import { lastLines, LineSplitter, OutputTail } from './output-lines';

describe('LineSplitter', () => {
  it('emits complete lines across chunk boundaries, CRLF and a split UTF-8 character, then the rest at end', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const check = Buffer.from('✓');
    s.push(Buffer.from('one\ntw'));
    expect(lines).toEqual(['one']);
    s.push(Buffer.from('o\r\nthree '));
    s.push(check.subarray(0, 1));
    s.push(Buffer.concat([check.subarray(1), Buffer.from('\n\nlast')]));
    expect(lines).toEqual(['one', 'two', 'three ✓', '']);
    s.end();
    expect(lines).toEqual(['one', 'two', 'three ✓', '', 'last']);
  });
});

describe('OutputTail', () => {
  it('keeps only the last bytes', () => {
    const t = new OutputTail(10);
    t.push(Buffer.from('0123456789'));
    t.push(Buffer.from('abcdef'));
    expect(t.text()).toBe('6789abcdef');
    t.push(Buffer.from('XY'));
    expect(t.text()).toBe('89abcdefXY');
  });

  it('drops a multi-byte character cut at the start of the tail', () => {
    const t = new OutputTail(4);
    t.push(Buffer.from('a✓bc')); // ✓ is 3 bytes: the tail starts inside it
    expect(t.text()).toBe('bc');
  });

  it('lastLines takes the last non-empty lines', () => {
    expect(lastLines('a\n\nb\r\nc\n', 2)).toEqual(['b', 'c']);
  });
});
