import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { PickupPreview, PickupVerifyResult } from '@shop/types';
import { ApiError, callAsMerchant } from '../../api/client';
import { clearMerchantSession, getMerchant, saveMerchantSession, type StoredMerchant } from '../../lib/session';
import { errorText, isUnauthenticated } from '../../lib/errors';
import { formatCodeInput, groupPickupCode, itemText, parsePickupCode } from '../../lib/fulfilment';
import { formatTime } from '../../lib/orders';
import '../../styles/order.scss';
import './index.scss';

/** weapp scans with the camera (Taro.scanCode); H5 has no scanner outside WeChat's JS-SDK: the clerk types. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp';
/** weapp reaches merchant functions only through the HTTP gateway (API_BASE): without it nobody can log in here */
const NO_GATEWAY = process.env.TARO_ENV === 'weapp' && !API_BASE;
const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2000 });

/** The staff screen's words for an error (a shopper or an owner's session is no clerk). */
const staffErrorText = (e: unknown): string =>
  e instanceof ApiError && e.code === 'FORBIDDEN' ? '当前账号不是门店店员，不能核销提货码' : errorText(e);

/** 店员登录 (#staff-login): a clerk's merchant session, kept apart from the shopper's. Other roles are refused. */
function StaffLogin({ onLoggedIn }: { onLoggedIn: (m: StoredMerchant) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const login = async () => {
    if (busy) return;
    if (!username.trim() || !password) return setError('请输入用户名和密码');
    setBusy(true);
    setError('');
    try {
      const session = await callAsMerchant('auth', 'merchantLogin', { username: username.trim(), password });
      saveMerchantSession(session);
      if (session.admin.role !== 'clerk' || !session.admin.storeId) {
        await callAsMerchant('auth', 'logout', {}).catch(() => undefined);
        clearMerchantSession();
        return setError('该账号不是门店店员，请使用店员账号登录');
      }
      setPassword('');
      onLoggedIn(session.admin);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="staff-login">
      <View className="staff__intro">
        <Text className="staff__intro-title">店员登录</Text>
        <Text className="staff__intro-note">店员账号登录后，可核销顾客出示的自提提货码</Text>
      </View>
      <View className="form">
        <View className="form-field form-field__row">
          <Text className="form-field__label">用户名</Text>
          <Input id="staff-username" className="form-field__input" value={username} maxlength={40} placeholder="店员账号" onInput={(e) => setUsername(e.detail.value)} />
        </View>
        <View className="form-field form-field__row">
          <Text className="form-field__label">密码</Text>
          <Input
            id="staff-password"
            className="form-field__input"
            password
            value={password}
            maxlength={200}
            placeholder="密码"
            onInput={(e) => setPassword(e.detail.value)}
            onConfirm={() => void login()}
          />
        </View>
      </View>
      {NO_GATEWAY ? <Text className="staff__error-text">小程序未配置商家接口地址（API_BASE），请在 H5 店员端核销</Text> : null}
      {error ? (
        <Text id="staff-login-error" className="staff__error-text">
          {error}
        </Text>
      ) : null}
      <View id="staff-login" className={`o-btn staff__btn${busy ? ' o-btn--busy' : ''}`} onClick={() => void login()}>
        {busy ? '登录中…' : '登录'}
      </View>
    </View>
  );
}

/** Seconds left until `until` (ms), ticking each second while above zero. */
const secondsUntil = (until: number | null): number => (until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
function useSecondsLeft(until: number | null): number {
  const [secs, setSecs] = useState(() => secondsUntil(until));
  useEffect(() => {
    setSecs(secondsUntil(until));
    if (until === null) return undefined;
    const timer = setInterval(() => {
      const s = secondsUntil(until);
      setSecs(s);
      if (s <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return secs;
}

type Failure = { code: string; message: string; typed: string };

/** The clerk's store by name (staff.stores); null while unknown. */
function useStoreName(storeId: string | null): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setName(null);
    if (storeId)
      callAsMerchant('staff', 'stores', {})
        .then((stores) => live && setName(stores.find((x) => x._id === storeId)?.name ?? null))
        .catch(() => undefined); // the name is a convenience: verification works without it
    return () => {
      live = false;
    };
  }, [storeId]);
  return name;
}

/**
 * The verify form in two steps: type (or scan) a code and 查询 (pickup.preview: the order's goods and the masked
 * shopper, the code not used yet), then 确认核销 uses it; the result or why not.
 */
function VerifyPanel({ merchant, onLogout }: { merchant: StoredMerchant; onLogout: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ code: string; order: PickupPreview } | null>(null);
  const [result, setResult] = useState<PickupVerifyResult | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const wait = useSecondsLeft(waitUntil);
  const storeName = useStoreName(merchant.storeId);

  const expired = () => {
    toast('登录已失效，请重新登录');
    onLogout();
  };

  const refused = (e: unknown, typed: string) => {
    if (isUnauthenticated(e)) return expired();
    const apiCode = e instanceof ApiError ? e.code : 'ERROR';
    setFailure({ code: apiCode, message: staffErrorText(e), typed });
    const retry = (e instanceof ApiError && (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds) || 0;
    if (apiCode === 'PICKUP_THROTTLED' && typeof retry === 'number' && retry > 0) setWaitUntil(Date.now() + retry * 1000);
  };

  /** step 1: 查询 — the order behind the code, nothing used */
  const lookup = async (typed: string) => {
    if (busy || wait > 0) return;
    const parsed = parsePickupCode(typed);
    setResult(null);
    setPreview(null);
    if (!parsed) return setFailure({ code: 'FORMAT', message: '请输入 12 位数字提货码', typed });
    setBusy(true);
    setFailure(null);
    try {
      setPreview({ code: parsed, order: await callAsMerchant('pickup', 'preview', { code: parsed }) });
    } catch (e) {
      refused(e, parsed);
    } finally {
      setBusy(false);
    }
  };

  /** step 2: 确认核销 — the code looked up is used */
  const confirm = async () => {
    if (busy || wait > 0 || !preview) return;
    setBusy(true);
    setFailure(null);
    try {
      setResult(await callAsMerchant('pickup', 'verify', { code: preview.code }));
      setPreview(null);
      setCode('');
    } catch (e) {
      setPreview(null);
      refused(e, preview.code);
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] });
      setCode(formatCodeInput(res.result));
      void lookup(res.result);
    } catch (e) {
      const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
      if (!/cancel/i.test(msg)) toast('扫码失败，请手动输入提货码');
    }
  };

  const logout = async () => {
    await callAsMerchant('auth', 'logout', {}).catch(() => undefined);
    clearMerchantSession();
    onLogout();
  };

  const blocked = busy || wait > 0;
  return (
    <View className="staff-verify">
      <View className="staff__who">
        <View className="staff__who-main">
          <Text id="staff-current" className="staff__who-name" data-username={merchant.username} data-store={merchant.storeId ?? ''}>
            {merchant.displayName}（{merchant.username}）
          </Text>
          <Text id="staff-store" className="staff__who-store">
            门店：{storeName ?? '…'}
          </Text>
        </View>
        <View id="staff-logout" className="staff__logout" onClick={() => void logout()}>
          退出
        </View>
      </View>

      <View className="o-card staff-form">
        <View className="o-card__title">核销提货码</View>
        <Input
          id="staff-code"
          className="staff-form__code"
          type={CAN_SCAN ? 'number' : 'text'}
          {...(CAN_SCAN ? {} : { nativeProps: { inputMode: 'numeric', autoComplete: 'off' } })}
          value={code}
          maxlength={CAN_SCAN ? 12 : 20}
          placeholder="输入 12 位提货码"
          placeholderClass="staff-form__placeholder"
          onInput={(e) => {
            setCode(CAN_SCAN ? e.detail.value : formatCodeInput(e.detail.value));
            setPreview(null);
          }}
          onConfirm={() => void lookup(code)}
        />
        <View className="staff-form__actions">
          {CAN_SCAN ? (
            <View id="staff-scan" className="o-pill staff-form__scan" onClick={() => void scan()}>
              扫码
            </View>
          ) : null}
          <View id="staff-lookup" className={`o-btn staff-form__verify${blocked ? ' o-btn--busy' : ''}`} onClick={() => void lookup(code)}>
            {busy && !preview ? '查询中…' : wait > 0 ? `请等待 ${wait} 秒` : '查询订单'}
          </View>
        </View>
      </View>

      {failure ? (
        <View id="staff-error" className="o-card staff-error" data-code={failure.code}>
          <Text className="staff-error__title">不能核销</Text>
          <Text className="staff-error__message">{failure.code === 'PICKUP_THROTTLED' && wait > 0 ? `尝试过于频繁，请 ${wait} 秒后再试` : failure.message}</Text>
          {failure.typed ? <Text className="staff-error__code">提货码 {groupPickupCode(failure.typed) || failure.typed}</Text> : null}
        </View>
      ) : null}

      {preview ? (
        <View id="staff-preview" className="o-card staff-preview" data-order={preview.order.orderId}>
          <Text className="staff-preview__title">请核对顾客与商品</Text>
          <View className="info-row">
            <Text className="info-row__label">订单编号</Text>
            <Text className="info-row__value staff-result__order">{preview.order.orderId}</Text>
          </View>
          {preview.order.lines.map((l, i) => (
            <View key={i} className="info-row staff-preview__line">
              <Text className="info-row__label">{i === 0 ? '商品' : ''}</Text>
              <Text className="info-row__value">{itemText(l)}</Text>
            </View>
          ))}
          <View className="info-row">
            <Text className="info-row__label">顾客</Text>
            <Text id="staff-preview-consignee" className="info-row__value">
              {preview.order.consignee ?? '—'}
            </Text>
          </View>
          <View className="info-row">
            <Text className="info-row__label">提货码</Text>
            <Text className="info-row__value">{groupPickupCode(preview.code)}</Text>
          </View>
          <View className="staff-preview__actions">
            <View id="staff-cancel" className="o-pill staff-preview__cancel" onClick={() => setPreview(null)}>
              取消
            </View>
            <View id="staff-confirm" className={`o-btn staff-preview__confirm${blocked ? ' o-btn--busy' : ''}`} onClick={() => void confirm()}>
              {busy ? '核销中…' : wait > 0 ? `请等待 ${wait} 秒` : '确认核销'}
            </View>
          </View>
        </View>
      ) : null}

      {result ? (
        <View id="staff-result" className="o-card staff-result" data-order={result.orderId}>
          <Text className="staff-result__title">✓ 核销成功</Text>
          <View className="info-row">
            <Text className="info-row__label">订单编号</Text>
            <Text className="info-row__value staff-result__order">{result.orderId}</Text>
          </View>
          {result.lines.map((l, i) => (
            <View key={i} className="info-row staff-result__line">
              <Text className="info-row__label">{i === 0 ? '商品' : ''}</Text>
              <Text className="info-row__value">{itemText(l)}</Text>
            </View>
          ))}
          {result.consignee ? (
            <View className="info-row">
              <Text className="info-row__label">顾客</Text>
              <Text className="info-row__value">{result.consignee}</Text>
            </View>
          ) : null}
          <View className="info-row">
            <Text className="info-row__label">核销时间</Text>
            <Text className="info-row__value staff-result__time">{formatTime(result.usedAt)}</Text>
          </View>
          <View className="info-row">
            <Text className="info-row__label">核销店员</Text>
            <Text className="info-row__value">{result.usedBy}</Text>
          </View>
        </View>
      ) : null}

      <View id="staff-log-link" className="o-card staff__link" onClick={() => void Taro.navigateTo({ url: '/pages/staff-verify/log/index' })}>
        <Text>核销记录</Text>
        <Text className="staff__link-more">本店最近的核销 ›</Text>
      </View>
    </View>
  );
}

/**
 * 店员核销: a clerk logs in (their own merchant session, stored apart from the shopper's), then looks up pickup
 * codes typed (4-4-4, spaces and dashes allowed) or, on weapp, scanned, checks the goods and the masked shopper, and
 * confirms (确认核销). The result card shows the order; errors
 * say why in Chinese (used: when and by whom; throttled: how long to wait).
 * Merchant calls go over HTTP with the merchant's token (api/client callAsMerchant), on weapp too.
 */
export default function StaffVerifyPage() {
  const [merchant, setMerchant] = useState<StoredMerchant | null>(() => getMerchant());
  useDidShow(() => setMerchant(getMerchant()));
  return (
    <View className="page staff" data-logged-in={merchant ? '1' : '0'}>
      {merchant ? <VerifyPanel merchant={merchant} onLogout={() => setMerchant(null)} /> : <StaffLogin onLoggedIn={setMerchant} />}
    </View>
  );
}
