/**
 * 新订单提醒 in the header (owners and operators): the number of paid orders waiting to ship, from the panel's one
 * orderAdmin.counts poll (subscribeOrderCounts: every 30 s and whenever the order counts change). When it grows, a
 * notification links to the list and, if the merchant turned the sound on here (kept in this browser), a short chime
 * plays. Browsers only play sound after a click on the page,
 * which turning the switch on is.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Switch, Tooltip } from 'antd';
import { useSession } from '../api';
import { subscribeOrderCounts } from '../orders';

const SOUND_KEY = 'shop.admin.newOrderSound';

/** Two short tones through the Web Audio API (no sound file to ship). */
function chime() {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  [880, 1320].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.15, ctx.currentTime + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.18 + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + i * 0.18);
    osc.stop(ctx.currentTime + i * 0.18 + 0.17);
  });
  window.setTimeout(() => void ctx.close(), 800);
}

export function NewOrderAlert() {
  const { notification } = App.useApp();
  const nav = useNavigate();
  const role = useSession()?.admin.role;
  const canRead = role === 'owner' || role === 'operator';
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) === 'on');
  const soundRef = useRef(sound);
  soundRef.current = sound;

  useEffect(() => {
    if (!canRead) return;
    let last: number | null = null;
    return subscribeOrderCounts((c) => {
      if (last !== null && c.paid > last) {
        const n = c.paid - last;
        notification.info({
          key: 'new-orders',
          message: `有 ${n} 个新订单待处理`,
          description: `待发货共 ${c.paid} 单，点此查看`,
          onClick: () => nav('/orders?tab=paid'),
          props: { 'data-testid': 'new-order-alert' } as never,
        });
        if (soundRef.current) chime();
      }
      last = c.paid;
    });
  }, [canRead, nav, notification]);

  if (!canRead) return null;
  return (
    <Tooltip title="新订单到达时播放提示音（仅本浏览器）">
      <Switch
        size="small"
        checked={sound}
        checkedChildren="提示音开"
        unCheckedChildren="提示音关"
        data-testid="new-order-sound"
        onChange={(on) => {
          localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
          setSound(on);
          if (on) chime();
        }}
      />
    </Tooltip>
  );
}
