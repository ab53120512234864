import { createCloudbaseStorage, publicUrlOfFileId } from './cloudbase';

describe('publicUrlOfFileId', () => {
  test.each([
    ['cloud://shop-prod-1g2h3j.7368-shop-prod-1g2h3j-1300000000/uploads/ab12.png', 'https://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la/uploads/ab12.png'],
    ['cloud://env.bucket/a/b c.jpg', 'https://bucket.tcb.qcloud.la/a/b%20c.jpg'],
  ])('%s', (fileId, url) => expect(publicUrlOfFileId(fileId)).toBe(url));
  test.each(['https://x/y.png', 'cloud://nobucket/x.png', 'cloud://env.bucket/'])('refuses %s', (fileId) => {
    expect(() => publicUrlOfFileId(fileId)).toThrow(/fileID/);
  });
});

describe('isOwnUrl', () => {
  const storage = createCloudbaseStorage({ uploadFile: async () => ({ fileID: '' }) }, { envId: 'shop-prod-1g2h3j' });
  test.each([
    ['https://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la/uploads/ab12.png', true],
    ['https://7368-other-env-1300000000.tcb.qcloud.la/uploads/ab12.png', false],
    ['https://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la/other/ab12.png', false],
    ['https://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la/uploads/ab12.png?x=1', false],
    ['https://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la/uploads/..', false],
    ['http://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la/uploads/ab12.png', false],
    ['https://evil.example/uploads/ab12.png', false],
    ['https://7368-shop-prod-1g2h3j-1300000000.tcb.qcloud.la.evil.example/uploads/ab12.png', false],
  ])('%s → %s', (url, own) => expect(storage.isOwnUrl(url)).toBe(own));
  test('the URL put answers is its own', async () => {
    const s = createCloudbaseStorage({ uploadFile: async (o) => ({ fileID: `cloud://env-1.6275-env-1-125/${o.cloudPath}` }) }, { envId: 'env-1' });
    expect(s.isOwnUrl((await s.put('abc.png', Buffer.from('x'), 'image/png')).url)).toBe(true);
  });
});

test('put uploads under uploads/ and answers the public URL', async () => {
  const calls: { cloudPath: string; fileContent: Buffer }[] = [];
  const storage = createCloudbaseStorage({
    async uploadFile(o) {
      calls.push(o);
      return { fileID: `cloud://env-1.6275-env-1-125/${o.cloudPath}` };
    },
  });
  const bytes = Buffer.from('x');
  expect(await storage.put('abc.png', bytes, 'image/png')).toEqual({ url: 'https://6275-env-1-125.tcb.qcloud.la/uploads/abc.png' });
  expect(calls).toEqual([{ cloudPath: 'uploads/abc.png', fileContent: bytes }]);
  await expect(storage.put('../etc/passwd', bytes, 'text/plain')).rejects.toThrow(/invalid storage key/);
});
