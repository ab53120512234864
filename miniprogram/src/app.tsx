import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { call, initCloud } from './api/client';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud();
    // WeChat has no login call: the OPENID comes with every cloud call. member.hello creates the shopper on first
    // sight (with the registration gift). Fire and forget: nothing waits for it, a failure is only logged.
    if (process.env.TARO_ENV === 'weapp') {
      call('member', 'hello', {}).catch((e: unknown) => console.warn('member.hello failed', e));
    }
  });
  // children are the pages
  return children;
}

export default App;
