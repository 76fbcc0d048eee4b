import { createIaasClient, IaasError, type IaasProvider } from '.';

describe('createIaasClient', () => {
  it('refuses a provider without an adapter with a typed, clear error', () => {
    const attempt = () =>
      createIaasClient({ provider: 'GCP' as IaasProvider, accessKeyId: 'a', secretAccessKey: 's', region: 'r' });
    expect(attempt).toThrow(IaasError);
    expect(attempt).toThrow('GCP adapter not available in this build');
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', providerCode: 'AdapterNotAvailable', retryable: false });
    }
  });
});
