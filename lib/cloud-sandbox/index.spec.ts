import { FrontEndMissingError, isCloudProvider, loadFrontEnd, startCloudSandbox } from '.';

describe('cloud sandbox registry', () => {
  it('knows the three clouds', () => {
    expect(['qingcloud', 'aws', 'aliyun'].every(isCloudProvider)).toBe(true);
    expect(isCloudProvider('gcp')).toBe(false);
  });

  it('fails clearly for a provider whose front end is not built', async () => {
    expect(() => loadFrontEnd('gcp')).toThrow(new FrontEndMissingError('gcp'));
    expect(() => loadFrontEnd('gcp')).toThrow('provider gcp sandbox not built');
    await expect(startCloudSandbox('gcp' as 'aws')).rejects.toThrow('provider gcp sandbox not built');
  });
});
