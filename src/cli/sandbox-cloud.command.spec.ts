import { UsageError } from './cli-flags';
import { parseCloudArgs } from './sandbox-cloud.command';

describe('marina sandbox cloud arguments', () => {
  it('parses the flags the acceptance checks use', () => {
    expect(parseCloudArgs(['--provider', 'aws', '--port', '8123', '--out', 'f.json', '--state=s.json'])).toEqual({
      provider: 'aws',
      port: 8123,
      out: 'f.json',
      state: 's.json',
      host: '127.0.0.1',
      inProcessSsh: false,
    });
    expect(
      parseCloudArgs(['--provider=qingcloud', '--out', 'q.json', '--boot-delay', '0', '--in-process-ssh']),
    ).toMatchObject({ bootDelayMs: 0, inProcessSsh: true, port: 0 });
  });

  it.each([
    [['--out', 'f.json'], '--provider qingcloud|aws|aliyun is required'],
    [['--provider', 'gcp', '--out', 'f'], 'unknown provider "gcp" (qingcloud, aws or aliyun)'],
    [['--provider', 'aws'], '--out PATH is required'],
    [['--provider', 'aws', '--out', 'f', '--port', '-1'], 'flag --port needs a non-negative integer'],
    [['--provider', 'aws', '--out'], 'flag --out needs a value'],
    [['--provider', 'aws', '--out', 'f', '--nope'], 'unknown flag: --nope'],
  ])('refuses %p', (argv, message) => {
    expect(() => parseCloudArgs(argv)).toThrow(new UsageError(message));
  });
});
