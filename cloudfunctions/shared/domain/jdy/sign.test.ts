import { appSignature, buildQueryString, signedHeaders, signRequest, stringToSign, verifyRequest } from './sign';

// the public docs' example: the app-token call itself, signed with the client secret
const DOC = {
  method: 'GET',
  path: '/jdyconnector/app_management/kingdee_auth_token',
  query: { app_key: 'bVZgAZOv1', app_signature: 'MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==' },
  clientSecret: 'f2adcfef73369bfc4e1384677d38a0ff',
  nonce: '4427456950',
  timestamp: '1670305063559',
};

describe('jdy signing', () => {
  it('reproduces the documented X-Api-Signature', () => {
    const s = signRequest(DOC);
    expect(s.startsWith('OTFiZTliNDFi')).toBe(true);
    expect(s.endsWith('MQ==')).toBe(true);
    expect(s).toBe('OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==');
  });

  it('builds the string to sign: encoded path, sorted keys, values encoded twice, trailing newline', () => {
    const s = stringToSign({ method: 'get', path: '/a/b', query: { z: 'x y', a: '1=2' }, nonce: 1, timestamp: 2 });
    expect(s).toBe('GET\n%2Fa%2Fb\na=1%253D2&z=x%2520y\nx-api-nonce:1\nx-api-timestamp:2\n');
    expect(stringToSign({ method: 'POST', path: '/p', nonce: 1, timestamp: 2 })).toBe('POST\n%2Fp\n\nx-api-nonce:1\nx-api-timestamp:2\n');
    expect(buildQueryString({ z: 'x y', a: '1=2', skip: undefined, l: ['1', '2'] })).toBe('a=1%3D2&l=1&l=2&z=x%20y');
  });

  it('reproduces the documented app_signature', () => {
    expect(appSignature('abc', 'abc123').startsWith('ZDljMTI3')).toBe(true);
    expect(Buffer.from(appSignature('abc', 'abc123'), 'base64').toString()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('produces the full header set', () => {
    const h = signedHeaders({ clientId: 'cid', clientSecret: DOC.clientSecret, method: 'GET', path: DOC.path, query: DOC.query, nonce: DOC.nonce, timestamp: DOC.timestamp, appToken: 'tok', routerAddr: 'https://tf.jdy.com' });
    expect(h).toEqual({
      'Content-Type': 'application/json',
      'X-Api-ClientID': 'cid',
      'X-Api-Auth-Version': '2.0',
      'X-Api-TimeStamp': DOC.timestamp,
      'X-Api-Nonce': DOC.nonce,
      'X-Api-SignHeaders': 'X-Api-TimeStamp,X-Api-Nonce',
      'X-Api-Signature': signRequest(DOC),
      'app-token': 'tok',
      'X-GW-Router-Addr': 'https://tf.jdy.com',
    });
    const plain = signedHeaders({ clientId: 'cid', clientSecret: 's', method: 'GET', path: '/x' });
    expect(plain['X-Api-Nonce']).toMatch(/^\d{10}$/);
    expect(plain['X-Api-TimeStamp']).toMatch(/^\d{13}$/);
    expect('app-token' in plain).toBe(false);
  });

  describe('verifyRequest', () => {
    const secretFor = (id: string) => (id === 'cid' ? DOC.clientSecret : undefined);
    const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    const base = () => lower(signedHeaders({ clientId: 'cid', clientSecret: DOC.clientSecret, method: 'GET', path: DOC.path, query: DOC.query, nonce: DOC.nonce, timestamp: DOC.timestamp }));
    const now = Number(DOC.timestamp) + 1000;

    it('accepts a good request', () => {
      expect(verifyRequest({ method: 'GET', path: DOC.path, query: DOC.query, headers: base(), secretFor, now })).toEqual({ ok: true, clientId: 'cid' });
    });
    it('refuses a changed query, a bad signature, an unknown client, a stale timestamp, missing headers', () => {
      const r = (over: Partial<Parameters<typeof verifyRequest>[0]>) => verifyRequest({ method: 'GET', path: DOC.path, query: DOC.query, headers: base(), secretFor, now, ...over });
      expect(r({ query: { ...DOC.query, app_key: 'other' } })).toMatchObject({ ok: false, reason: 'signature' });
      expect(r({ method: 'POST' })).toMatchObject({ ok: false, reason: 'signature' });
      expect(r({ headers: { ...base(), 'x-api-signature': 'AAAA' } })).toMatchObject({ ok: false, reason: 'signature' });
      expect(r({ headers: { ...base(), 'x-api-clientid': 'nobody' } })).toMatchObject({ ok: false, reason: 'client' });
      expect(r({ now: Number(DOC.timestamp) + 5 * 60_000 + 1 })).toMatchObject({ ok: false, reason: 'timestamp' });
      expect(r({ now: Number(DOC.timestamp) - 5 * 60_000 - 1 })).toMatchObject({ ok: false, reason: 'timestamp' });
      const { 'x-api-nonce': _n, ...noNonce } = base();
      expect(r({ headers: noNonce })).toMatchObject({ ok: false, reason: 'headers' });
      expect(r({ headers: { ...base(), 'x-api-auth-version': '1.0' } })).toMatchObject({ ok: false, reason: 'version' });
    });
  });
});
