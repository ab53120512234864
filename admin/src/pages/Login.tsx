import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, login, useSession } from '../api';
import { codeText, errorText, retryAfterOf } from '../errors';

interface LoginValues {
  username: string;
  password: string;
}

/** Where to go after logging in: only paths inside the panel, never the login page itself. */
const safeTarget = (from: string | null) => (from && from.startsWith('/') && !from.startsWith('/login') ? from : '/products');

export default function LoginPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const nav = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<{ title: string; detail?: string } | null>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const target = safeTarget(params.get('from'));

  useEffect(() => {
    if (!waitUntil) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [waitUntil]);
  const secondsLeft = waitUntil ? Math.max(0, Math.ceil((waitUntil - now) / 1000)) : 0;

  if (session) return <Navigate to={target} replace />;

  const onFinish = async (v: LoginValues) => {
    setSubmitting(true);
    setFailure(null);
    setWaitUntil(null);
    try {
      await login(v.username.trim(), v.password);
      nav(target, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'LOGIN_THROTTLED') {
        const s = retryAfterOf(e);
        if (s) {
          setWaitUntil(Date.now() + s * 1000);
          setNow(Date.now());
        }
        setFailure({ title: s ? `登录失败次数过多，请在 ${s} 秒后重试` : codeText(e.code)!, detail: e.message });
      } else if (e instanceof ApiError && codeText(e.code)) {
        setFailure({ title: codeText(e.code)!, detail: e.message !== codeText(e.code) ? e.message : undefined });
      } else {
        setFailure({ title: '登录失败', detail: errorText(e) });
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-wrap">
      <Card className="login-card" data-testid="login-card">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={44} height={44} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            商城管理后台
          </Typography.Title>
          <Typography.Text type="secondary">商家账号登录</Typography.Text>
        </div>
        {failure && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            title={secondsLeft > 0 ? `登录失败次数过多，请在 ${secondsLeft} 秒后重试` : waitUntil ? '登录失败次数过多，现在可以重新登录' : failure.title}
            description={failure.detail}
          />
        )}
        <Form<LoginValues> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }, { max: 40 }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }, { max: 200 }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} disabled={secondsLeft > 0}>
            {secondsLeft > 0 ? `请等待 ${secondsLeft} 秒` : '登录'}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
