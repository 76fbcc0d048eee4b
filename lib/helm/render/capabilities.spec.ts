import { clientCapabilities, DEFAULT_API_VERSIONS } from './capabilities';

describe('clientCapabilities', () => {
  it('extends the default API versions for client-only renders', () => {
    const caps = clientCapabilities('1.30.0', ['example.com/v1']);
    expect(caps.APIVersions).toEqual([...DEFAULT_API_VERSIONS, 'example.com/v1']);
  });

  it("replaces them with a cluster's discovery", () => {
    const caps = clientCapabilities('1.30.0', ['v1', 'apps/v1', 'apps/v1/Deployment'], true);
    expect([...caps.APIVersions]).toEqual(['v1', 'apps/v1', 'apps/v1/Deployment']);
    expect(caps.APIVersions).not.toContain('batch/v1');
    expect(caps.KubeVersion.Version).toBe('v1.30.0');
  });
});
