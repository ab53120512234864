/**
 * 店铺装修 (owner): the storefront home page as modules. A palette adds them, the list orders and removes them, the
 * side form edits the selected one, and a phone-sized preview shows the draft. 保存草稿 saves it, 发布 saves and
 * publishes it (the storefront switches to it at once), 恢复上一版 publishes the previous version again.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Popconfirm, Result, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { MODULE_LABELS, PAGE_MODULES_MAX, type DecorationModule, type DecorationState, type ModuleKind } from '@shop/types';
import { ApiError, call, useSession } from '../api';
import { errorText } from '../errors';
import { formatTime } from '../util';
import { PageHeader } from '../components/list';
import { ModuleForm } from './decoration/ModuleForm';
import { Preview } from './decoration/Preview';
import { useTargets } from './decoration/options';

const newKey = (kind: string) => `${kind}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** A module just added from the palette, with sensible first values. */
function freshModule(kind: ModuleKind): DecorationModule {
  const key = newKey(kind);
  switch (kind) {
    case 'banner':
      return { kind, key, items: [{ image: '', title: '', link: { kind: 'none' } }] };
    case 'notice':
      return { kind, key, text: '', link: { kind: 'none' } };
    case 'nav':
      return { kind, key, columns: 5, items: [{ title: '', icon: null, link: { kind: 'none' } }] };
    case 'productGroup':
      return { kind, key, title: '', source: { by: 'category', categoryId: null, sort: 'newest' }, count: 6 };
    case 'flashSale':
      return { kind, key, title: '限时秒杀', count: 3 };
    case 'coupons':
      return { kind, key, title: '领券', couponIds: [] };
    case 'picture':
      return { kind, key, image: '', link: { kind: 'none' } };
  }
}

/** The server's refusals by module: "模块 2（轮播图）：items.0.image …". */
function problemsOf(e: unknown, modules: DecorationModule[]): string[] {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return [];
  return (e.details as { path?: string; message?: string }[]).map((d) => {
    const m = /^modules\.(\d+)\.?(.*)$/.exec(d.path ?? '');
    const mod = m ? modules[Number(m[1])] : undefined;
    return mod ? `模块 ${Number(m![1]) + 1}（${MODULE_LABELS[mod.kind]}）${m![2] ? ` ${m![2]}` : ''}：${d.message}` : `${d.path}：${d.message}`;
  });
}

const versionText = (s: DecorationState | null) => {
  if (!s) return null;
  return (
    <Space size={4} wrap data-testid="decoration-versions">
      {s.published ? <Tag color="green">已发布 v{s.published.version} · {formatTime(s.published.at)}</Tag> : <Tag>尚未发布（店铺首页显示默认页面）</Tag>}
      {s.draft && <Tag color="blue">草稿 #{s.draft.version} · {formatTime(s.draft.at)}</Tag>}
      {s.previous && <Tag>上一版 v{s.previous.version}</Tag>}
    </Space>
  );
};

function Decoration() {
  const { message } = App.useApp();
  const targets = useTargets();
  const [state, setState] = useState<DecorationState | null>(null);
  const [modules, setModules] = useState<DecorationModule[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<{ text: string; problems: string[] } | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | 'restore' | null>(null);
  const [dirty, setDirty] = useState(false);

  const take = (s: DecorationState) => {
    setState(s);
    const ms = s.draft?.modules ?? s.published?.modules ?? [];
    setModules(ms);
    setSelected((k) => (ms.some((m) => m.key === k) ? k : ms[0]?.key ?? null));
    setDirty(false);
  };
  useEffect(() => {
    call('decorationAdmin', 'get', {}).then(take, setLoadError);
  }, []);

  const change = (next: DecorationModule[]) => {
    setModules(next);
    setDirty(true);
  };
  const add = (kind: ModuleKind) => {
    const m = freshModule(kind);
    change([...modules, m]);
    setSelected(m.key);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...modules];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    change(next);
  };
  const remove = (i: number) => change(modules.filter((_, j) => j !== i));

  const run = async (what: 'save' | 'publish' | 'restore') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'restore') {
        take(await call('decorationAdmin', 'restore', {}));
        message.success('已恢复上一版并发布');
        return;
      }
      const saved = await call('decorationAdmin', 'save', { modules });
      if (what === 'save') {
        take(saved);
        message.success('草稿已保存');
        return;
      }
      take(await call('decorationAdmin', 'publish', { draftVersion: saved.draft?.version }));
      message.success('已发布，店铺首页已更新');
    } catch (e) {
      setError({ text: errorText(e), problems: problemsOf(e, modules) });
    } finally {
      setBusy(null);
    }
  };

  if (loadError) return <Alert type="error" showIcon title={errorText(loadError)} data-testid="decoration-load-error" />;
  const current = modules.find((m) => m.key === selected) ?? null;

  return (
    <>
      <PageHeader title="店铺装修" titleTestId="decoration-title" wrap>
        {versionText(state)}
        <Button onClick={() => void run('save')} loading={busy === 'save'} disabled={!!busy} data-testid="decoration-save">
          保存草稿
        </Button>
        <Button type="primary" onClick={() => void run('publish')} loading={busy === 'publish'} disabled={!!busy} data-testid="decoration-publish">
          发布
        </Button>
        <Popconfirm title="恢复上一版" description="上一次发布的页面将重新发布，并替换当前草稿。" okText="恢复" cancelText="取消" onConfirm={() => run('restore')} disabled={!state?.previous}>
          <Button disabled={!state?.previous || !!busy} loading={busy === 'restore'} data-testid="decoration-restore">
            恢复上一版
          </Button>
        </Popconfirm>
      </PageHeader>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={error.text}
          description={error.problems.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{error.problems.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
          data-testid="decoration-error"
        />
      )}
      {dirty && <Typography.Text type="warning" data-testid="decoration-dirty">有未保存的修改</Typography.Text>}
      <div className="decoration-editor">
        <div className="decoration-editor__left">
          <Card size="small" title="添加模块" data-testid="module-palette">
            <Space wrap>
              {(Object.keys(MODULE_LABELS) as ModuleKind[]).map((k) => (
                <Button key={k} size="small" disabled={modules.length >= PAGE_MODULES_MAX} onClick={() => add(k)} data-testid={`add-${k}`}>
                  {MODULE_LABELS[k]}
                </Button>
              ))}
            </Space>
          </Card>
          <Card size="small" title={`页面模块（${modules.length}）`} style={{ marginTop: 12 }} data-testid="module-list">
            {!modules.length && <Empty description="还没有模块" />}
            {modules.map((m, i) => (
              <div key={m.key} className={`module-row${m.key === selected ? ' module-row--selected' : ''}`} data-testid={`module-${i}`} data-kind={m.kind} onClick={() => setSelected(m.key)}>
                <span>
                  {i + 1}. {MODULE_LABELS[m.kind]}
                  {'title' in m && m.title ? <Typography.Text type="secondary"> · {m.title}</Typography.Text> : null}
                </span>
                <Space size={0} onClick={(e) => e.stopPropagation()}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label="上移" disabled={i === 0} onClick={() => move(i, -1)} data-testid={`module-up-${i}`} />
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label="下移" disabled={i === modules.length - 1} onClick={() => move(i, 1)} data-testid={`module-down-${i}`} />
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" onClick={() => remove(i)} data-testid={`module-remove-${i}`} />
                </Space>
              </div>
            ))}
          </Card>
        </div>
        <Preview modules={modules} selected={selected} onSelect={setSelected} targets={targets.data} />
        <div className="decoration-editor__form">
          {current ? <ModuleForm m={current} set={(next) => change(modules.map((x) => (x.key === next.key ? next : x)))} targets={targets.data} /> : <Empty description="选择一个模块进行编辑" />}
        </div>
      </div>
    </>
  );
}

export default function DecorationPage() {
  const session = useSession();
  if (session?.admin.role !== 'owner') return <Result status="403" title="只有店主可以装修店铺" subTitle="当前账号不是店主。" extra={<Button href="#/products">返回商品列表</Button>} />;
  return <Decoration />;
}
