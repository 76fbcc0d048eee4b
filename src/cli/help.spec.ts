import { main } from './main';

describe('marina CLI dispatcher', () => {
  it('rejects an unknown command with exit code 1', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(main(['no-such-command'])).resolves.toBe(1);
    expect(String(write.mock.calls[0][0])).toContain('unknown command "no-such-command"');
    write.mockRestore();
  });
});
