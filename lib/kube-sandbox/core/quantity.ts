const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Parses a `resource.Quantity` ("500m", "1Gi", "2", "1e3") into a number of base units; NaN when invalid. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (binary[suffix] ?? decimal[suffix] ?? NaN);
}

/** Renders a number of base units compactly for messages ("500m", "2", "1Gi"). */
export function formatQuantity(n: number, binaryUnits = false): string {
  if (binaryUnits) {
    for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'])
      if (n >= binary[s] && n % binary[s] === 0) return `${n / binary[s]}${s}`;
    return String(n);
  }
  if (!Number.isInteger(n)) return `${Math.round(n * 1000)}m`;
  return String(n);
}
