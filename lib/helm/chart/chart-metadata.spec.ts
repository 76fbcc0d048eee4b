import { emptyMetadata, validateMetadata } from './chart-metadata';

function validated(fields: Partial<ReturnType<typeof emptyMetadata>>): ReturnType<typeof emptyMetadata> {
  const md = { ...emptyMetadata(), apiVersion: 'v2', name: 'demo', version: '1.0.0', ...fields };
  validateMetadata(md);
  return md;
}

describe('chart metadata sanitising (Helm sanitizeString: unicode.IsSpace → space, non-printables dropped)', () => {
  it('leaves printable ASCII as it is', () => {
    const text = ' !"#$%&\'()*+,-./0-9:;<=>?@A-Z[\\]^_`a-z{|}~ ';
    expect(validated({ description: text }).description).toBe(text);
  });

  it('turns Go whitespace into spaces and drops control, format, private-use and unassigned characters', () => {
    const md = validated({
      description: 'a\tb\nc\rd\ve\ff\u0085g\u00a0h\u2028i\u3000j',
      home: 'x\u0000y\u0007z\u007f\u200bw\ufeffv\ue000u\u0378t',
      keywords: ['k\u0001', 'l\u00e9\u4e2d\u{1f600}'],
    });
    expect(md.description).toBe('a b c d e f g h i j');
    expect(md.home).toBe('xyzwvut');
    expect(md.keywords).toEqual(['k', 'l\u00e9\u4e2d\u{1f600}']);
  });
});
