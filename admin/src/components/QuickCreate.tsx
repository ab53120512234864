import { useState } from 'react';
import { App, Button, Input, Modal } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { call } from '../api';
import { errorText } from '../errors';

/** "新建分类" / "新建品牌" without leaving the product form (the seed warns that leaving loses the edit). */
export function QuickCreate({ kind, onCreated }: { kind: 'category' | 'brand'; onCreated: (id: string) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = kind === 'category' ? '分类' : '品牌';
  const max = kind === 'category' ? 20 : 40;

  const save = async () => {
    const n = name.trim();
    if (!n) return setError(`请输入${label}名称`);
    setBusy(true);
    try {
      const saved =
        kind === 'category'
          ? await call('productAdmin', 'saveCategory', { name: n, icon: null, sort: 0 })
          : await call('productAdmin', 'saveBrand', { name: n, logo: null });
      message.success(`已新建${label}「${saved.name}」`);
      setOpen(false);
      setName('');
      onCreated(saved._id);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => { setOpen(true); setError(null); }} data-testid={`quick-create-${kind}`}>
        新建{label}
      </Button>
      <Modal open={open} title={`新建${label}`} okText="创建" cancelText="取消" confirmLoading={busy} onOk={save} onCancel={() => setOpen(false)} destroyOnHidden>
        <Input
          autoFocus
          placeholder={`${label}名称（不超过 ${max} 个字符）`}
          maxLength={max}
          showCount
          value={name}
          status={error ? 'error' : undefined}
          onChange={(e) => { setName(e.target.value); setError(null); }}
          onPressEnter={save}
        />
        {error && <div className="field-error">{error}</div>}
      </Modal>
    </>
  );
}
