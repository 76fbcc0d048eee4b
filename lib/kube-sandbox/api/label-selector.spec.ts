import { KubeApiError } from './api-errors';
import { parseLabelSelector, selectorFromObject, selectorToString } from './label-selector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };

  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web,api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing!=x', true],
    ['version>2', true],
    ['version<3', false],
    ['app=web,tier in (front, back),!missing', true],
    ['app=web,tier=back', false],
  ])('%s matches %p', (text, expected) => {
    expect(parseLabelSelector(text).matches(labels)).toBe(expected);
  });

  it('rejects malformed selectors with a BadRequest', () => {
    expect(() => parseLabelSelector('a b c')).toThrow(KubeApiError);
    expect(() => parseLabelSelector('x>y')).toThrow(/must be an integer/);
  });

  it('converts metav1.LabelSelector objects, where a missing selector matches nothing', () => {
    const sel = selectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'gone', operator: 'DoesNotExist' },
      ],
    });
    expect(sel.matches(labels)).toBe(true);
    expect(selectorToString(sel)).toBe('app=web,tier=front,!gone');
    expect(selectorFromObject(undefined).matches(labels)).toBe(false);
    expect(selectorFromObject(undefined, false).matches(labels)).toBe(true);
  });
});
