import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../../services/secrets/secret-box';
import { renderedRelease, sealRendered } from './task-context';
import { fakeContext, OP } from './testing/fake-kube';
import type { RenderedRelease } from './tasks/render.task';

const PASSWORD = 'hunter2-very-secret';

function rendered(): RenderedRelease {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'shop' },
    stringData: { password: PASSWORD },
  };
  return {
    mode: 'install',
    chart: { name: 'shop', version: '1.0.0', appVersion: '1' },
    manifest: `---\n# Source: shop/templates/secret.yaml\n${JSON.stringify(secret)}\n`,
    objects: [secret],
    hooks: [],
    notes: '',
    removedValueKeys: [],
    warnings: ['apps/v1beta1 Deployment web converted to apps/v1'],
    manifestDigest: 'abc',
    kubeVersion: 'v1.32.0',
  } as unknown as RenderedRelease;
}

describe('render results at rest', () => {
  const ports = { results: new SecretBox(randomBytes(32)) };

  it('stores the rendered release sealed: no Secret value in the stored result, warnings and digest in clear', () => {
    const stored = sealRendered(ports.results, OP, rendered());
    const text = JSON.stringify(stored);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('stringData');
    expect(stored).toMatchObject({
      manifestDigest: 'abc',
      warnings: ['apps/v1beta1 Deployment web converted to apps/v1'],
    });
  });

  it('gives later tasks the release as it was rendered', () => {
    const ctx = fakeContext({ upstream: { render: sealRendered(ports.results, OP, rendered()) } });
    expect(renderedRelease(ctx, ports)).toEqual(rendered());
  });

  it('reads a result stored in clear by a job rendered before results were sealed', () => {
    const ctx = fakeContext({ upstream: { render: rendered() } });
    expect(renderedRelease(ctx, ports).objects).toHaveLength(1);
  });

  it('refuses a sealed result moved to another revision, or sealed under another key', () => {
    const stored = sealRendered(ports.results, { ...OP, revision: OP.revision + 1 }, rendered());
    expect(() => renderedRelease(fakeContext({ upstream: { render: stored } }), ports)).toThrow(
      expect.objectContaining({ code: 'RENDER_RESULT_SEALED', retryable: false }),
    );
    const other = { results: new SecretBox(randomBytes(32)) };
    const ctx = fakeContext({ upstream: { render: sealRendered(ports.results, OP, rendered()) } });
    expect(() => renderedRelease(ctx, other)).toThrow(expect.objectContaining({ code: 'RENDER_RESULT_SEALED' }));
  });
});
