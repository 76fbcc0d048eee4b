import type { KubeObject } from '../api/kube-object.types';
import { matchesRequiredNodeAffinity } from './node-affinity';

const node = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
});
const pod = (terms: unknown): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
  },
});

describe('required node affinity', () => {
  const a = node('a', { zone: 'z1', gpu: '2' });
  const b = node('b', { zone: 'z2' });

  it('matches any term; within a term every expression', () => {
    const p = pod([
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['b'] }] },
      {
        matchExpressions: [
          { key: 'zone', operator: 'NotIn', values: ['z2'] },
          { key: 'gpu', operator: 'Gt', values: ['1'] },
        ],
      },
    ]);
    expect([a, b].map((n) => matchesRequiredNodeAffinity(p, n))).toEqual([true, true]);
    const only = pod([
      {
        matchExpressions: [
          { key: 'gpu', operator: 'Exists' },
          { key: 'zone', operator: 'In', values: ['z2'] },
        ],
      },
    ]);
    expect([a, b].map((n) => matchesRequiredNodeAffinity(only, n))).toEqual([false, false]);
  });

  it('reads matchFields on metadata.name, DoesNotExist and Lt', () => {
    expect(
      matchesRequiredNodeAffinity(pod([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }]), a),
    ).toBe(true);
    expect(
      matchesRequiredNodeAffinity(pod([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }]), b),
    ).toBe(false);
    expect(
      matchesRequiredNodeAffinity(pod([{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }]), b),
    ).toBe(true);
    expect(
      matchesRequiredNodeAffinity(pod([{ matchExpressions: [{ key: 'gpu', operator: 'Lt', values: ['1'] }] }]), a),
    ).toBe(false);
  });

  it('an empty term matches nothing; no required affinity matches everything', () => {
    expect(matchesRequiredNodeAffinity(pod([{}]), a)).toBe(false);
    expect(matchesRequiredNodeAffinity({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} }, a)).toBe(
      true,
    );
  });
});
