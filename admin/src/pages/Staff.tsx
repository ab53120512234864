/**
 * Staff accounts (员工账号), for the shop owner: list, create, edit (name, role, store), reset password,
 * enable / disable. The server enforces the rules (owner only, a clerk belongs to a store, nobody demotes or disables
 * themselves, the shop keeps one active owner); this page explains them and puts the server's errors on the fields.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Radio, Result, Select, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { StaffCreateInput, type AdminRole, type StaffAccount } from '@shop/types';
import { ApiError, call, clearSession, getSession, setSession, useSession } from '../api';
import { errorText, fieldIssues } from '../errors';
import { formatTime, ROLE_COLOR, ROLE_TEXT, useLoaded } from '../util';
import { actionsColumn, ConfirmButton, FormModal, ListTable, LoadError, PageHeader, RefreshButton, useRunAction, LinkButton } from '../components/list';

type Store = { _id: string; name: string; address: string };

interface StaffValues {
  username: string;
  displayName: string;
  password?: string;
  role: AdminRole;
  storeId?: string | null;
}
interface PasswordValues {
  password: string;
  confirm: string;
}
type FieldName = keyof StaffValues;
const FIELDS: FieldName[] = ['username', 'displayName', 'password', 'role', 'storeId'];

const ROLES: AdminRole[] = ['owner', 'operator', 'clerk'];
const ROLE_HINT: Record<AdminRole, string> = {
  owner: '店主：全部功能，包括管理员工账号',
  operator: '运营：管理商品、分类、品牌和批量导入，不能管理员工账号',
  clerk: '店员：属于一个门店，只能使用门店相关功能',
};

/** The owner-only rules the server answers with FORBIDDEN, in words the owner understands. */
const forbiddenText = (e: ApiError): string => {
  if (/yourself/i.test(e.message)) return '不能停用自己的账号，也不能取消自己的店主身份';
  if (/at least one active owner/i.test(e.message)) return '店铺至少要保留一个启用中的店主账号';
  return errorText(e);
};
const actionError = (e: unknown): string => (e instanceof ApiError && e.code === 'FORBIDDEN' ? forbiddenText(e) : errorText(e));

const OwnerOnly = ({ detail }: { detail?: string }) => (
  <Result
    status="403"
    title="只有店主可以管理员工账号"
    subTitle={detail ?? '当前账号不是店主。如需新增或修改员工账号，请联系店主。'}
    extra={<Button href="#/products">返回商品列表</Button>}
    data-testid="staff-owner-only"
  />
);

const loadStaff = async () => {
  const [rows, stores] = await Promise.all([call('staff', 'list', {}), call('staff', 'stores', {})]);
  return { rows, stores };
};

export default function StaffPage() {
  const session = useSession();
  if (session?.admin.role !== 'owner') return <OwnerOnly />;
  return <StaffManager selfId={session.admin._id} />;
}

function StaffManager({ selfId }: { selfId: string }) {
  const { message } = App.useApp();
  const { data, loading, error, reload } = useLoaded(loadStaff, { rows: [] as StaffAccount[], stores: [] as Store[] });
  const { rows, stores } = data;
  const [editing, setEditing] = useState<StaffAccount | 'new' | null>(null);
  const [resetting, setResetting] = useState<StaffAccount | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<StaffValues>();
  const [pwForm] = Form.useForm<PasswordValues>();
  const role = Form.useWatch('role', form);

  const storeName = useMemo(() => new Map(stores.map((s) => [s._id, s.name])), [stores]);
  const isSelf = (r: StaffAccount) => r._id === selfId;

  /** Keeps the header (name, role tag) right after the owner edits their own account. */
  const refreshOwnSession = (a: StaffAccount) => {
    const s = getSession();
    if (s && a._id === s.admin._id) setSession({ ...s, admin: { ...s.admin, displayName: a.displayName, role: a.role, storeId: a.storeId } });
  };

  const showFieldErrors = (e: unknown): boolean => {
    const issues = fieldIssues(e);
    const onForm = issues.filter((i) => FIELDS.includes(i.path as FieldName));
    if (!onForm.length) return false;
    form.setFields(onForm.map((i) => ({ name: i.path as FieldName, errors: [i.message] })));
    const rest = issues.filter((i) => !onForm.includes(i));
    if (rest.length) message.error(rest.map((i) => `${i.path}：${i.message}`).join('；'));
    return true;
  };

  const openEdit = (r: StaffAccount | 'new') => {
    setEditing(r);
    form.resetFields();
    form.setFieldsValue(
      r === 'new'
        ? { username: '', displayName: '', password: '', role: 'clerk', storeId: stores.length === 1 ? stores[0]._id : null }
        : { username: r.username, displayName: r.displayName, role: r.role, storeId: r.storeId },
    );
  };

  const save = async () => {
    let v: StaffValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    const current = editing === 'new' ? null : editing;
    const storeId = v.role === 'clerk' ? (v.storeId ?? null) : null;
    setBusy(true);
    try {
      if (!current) {
        const input = { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password ?? '', role: v.role, storeId };
        const parsed = StaffCreateInput.safeParse(input);
        if (!parsed.success) {
          if (!showFieldErrors(parsed.error)) message.error(errorText(parsed.error));
          return;
        }
        const a = await call('staff', 'create', input);
        message.success(`已新增${ROLE_TEXT[a.role]}「${a.displayName}」，登录名 ${a.username}`);
      } else {
        const a = await call('staff', 'update', { id: current._id, displayName: v.displayName.trim(), role: v.role, storeId });
        refreshOwnSession(a);
        message.success(`已保存「${a.displayName}」`);
      }
      setEditing(null);
      void reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NAME_TAKEN') form.setFields([{ name: 'username', errors: [`登录名「${v.username.trim().toLowerCase()}」已被使用，请换一个`] }]);
      else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && showFieldErrors(e)) return;
      else {
        message.error(actionError(e));
        if (e instanceof ApiError && e.code === 'NOT_FOUND') {
          setEditing(null);
          void reload();
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const run = useRunAction(() => void reload(), actionError, true);
  const toggleDisabled = (r: StaffAccount) =>
    run(async () => {
      await call('staff', 'update', { id: r._id, disabled: !r.disabled });
      return r.disabled ? `已启用「${r.displayName}」` : `已停用「${r.displayName}」，该账号已退出登录`;
    });

  // the password modal is mounted only while open (a hidden, mounted modal would swallow Escape for the other one)
  const openReset = (r: StaffAccount) => setResetting(r);

  const resetPassword = async () => {
    if (!resetting) return;
    let v: PasswordValues;
    try {
      v = await pwForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await call('staff', 'update', { id: resetting._id, password: v.password });
      setResetting(null);
      if (isSelf(resetting)) {
        // the server ended every session of the account, this one included
        message.success('密码已修改，请用新密码重新登录');
        clearSession();
      } else {
        message.success(`已重置「${resetting.displayName}」的密码，该账号需要用新密码重新登录`);
      }
    } catch (e) {
      const issues = fieldIssues(e).filter((i) => i.path === 'password');
      if (issues.length) pwForm.setFields([{ name: 'password', errors: issues.map((i) => i.message) }]);
      else message.error(actionError(e));
    } finally {
      setBusy(false);
    }
  };

  if (error instanceof ApiError && error.code === 'FORBIDDEN') {
    // the session says owner, but the server no longer does (the role was changed meanwhile)
    return <OwnerOnly detail="服务器拒绝了请求：当前账号已不是店主。请重新登录后再试。" />;
  }

  const columns: TableColumnsType<StaffAccount> = [
    { title: '登录名', dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
    {
      title: '姓名',
      dataIndex: 'displayName',
      render: (name: string, r) => (
        <Space size={4}>
          {name}
          {isSelf(r) && <Tag>我</Tag>}
        </Space>
      ),
    },
    {
      title: '角色',
      dataIndex: 'role',
      width: 100,
      filters: ROLES.map((x) => ({ text: ROLE_TEXT[x], value: x })),
      onFilter: (value, r) => r.role === value,
      render: (x: AdminRole) => <Tag color={ROLE_COLOR[x]}>{ROLE_TEXT[x] ?? x}</Tag>,
    },
    {
      title: '所属门店',
      dataIndex: 'storeId',
      render: (id: string | null, r) =>
        r.role === 'clerk' && id ? storeName.get(id) ?? id : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '状态',
      dataIndex: 'disabled',
      width: 100,
      filters: [
        { text: '启用', value: false },
        { text: '停用', value: true },
      ],
      onFilter: (value, r) => r.disabled === value,
      render: (d: boolean) => (d ? <Tag>停用</Tag> : <Tag color="success">启用</Tag>),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 170, sorter: (a, b) => a.createdAt.localeCompare(b.createdAt), render: (s: string) => formatTime(s) },
    actionsColumn(220, (r) => (
      <>
        <LinkButton onClick={() => openEdit(r)} testId={`staff-edit-${r._id}`}>
          编辑
        </LinkButton>
        <LinkButton onClick={() => openReset(r)} testId={`staff-password-${r._id}`}>
          重置密码
        </LinkButton>
        {isSelf(r) ? (
          <Tooltip title="不能停用自己的账号">
            <LinkButton danger disabled testId={`staff-disable-${r._id}`}>
              停用
            </LinkButton>
          </Tooltip>
        ) : (
          <ConfirmButton
            title={r.disabled ? `启用「${r.displayName}」？` : `停用「${r.displayName}」？`}
            description={r.disabled ? '启用后可以用原密码登录。' : '停用后该账号会立即退出登录，且不能再登录。'}
            okText={r.disabled ? '启用' : '停用'}
            okProps={{ 'data-testid': 'staff-disable-confirm' }}
            danger={!r.disabled}
            testId={`staff-disable-${r._id}`}
            onConfirm={() => toggleDisabled(r)}
          >
            {r.disabled ? '启用' : '停用'}
          </ConfirmButton>
        )}
      </>
    )),
  ];

  const current = editing === 'new' ? null : editing;
  const editingSelf = !!current && isSelf(current);

  return (
    <div>
      <PageHeader title="员工账号">
        <RefreshButton onClick={() => void reload()} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid="new-staff">
          新增员工
        </Button>
      </PageHeader>
      <LoadError error={error} text={errorText} />
      <Card>
        <ListTable<StaffAccount>
          testId="staff-table"
          loading={loading}
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '还没有员工账号' }}
          rowClassName={(r) => (r.disabled ? 'staff-row-disabled' : '')}
        />
      </Card>

      <FormModal
        open={editing !== null}
        title={current ? `编辑员工「${current.displayName}」` : '新增员工'}
        busy={busy}
        onOk={save}
        onCancel={() => setEditing(null)}
        okTestId="staff-save"
        form={form}
        name="staff"
        autoComplete="off"
      >
        <Form.Item
          name="username"
          label="登录名"
          extra={current ? '登录名不能修改' : '3 – 40 个字符：字母、数字、下划线、点或连字符；登录时不区分大小写'}
          rules={[
            { required: true, whitespace: true, message: '请输入登录名' },
            { min: 3, message: '登录名至少 3 个字符' },
            { pattern: /^\s*[A-Za-z0-9_.-]+\s*$/, message: '只能使用字母、数字、下划线（_）、点（.）和连字符（-）' },
          ]}
        >
          <Input maxLength={40} disabled={!!current} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={40} showCount placeholder="显示在后台右上角，如：门店小李" />
        </Form.Item>
        {!current && (
          <Form.Item
            name="password"
            label="初始密码"
            extra="至少 8 个字符；请把登录名和初始密码告诉员工"
            rules={[
              { required: true, message: '请输入初始密码' },
              { min: 8, message: '密码至少 8 个字符' },
            ]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item
          name="role"
          label="角色"
          extra={editingSelf ? '不能修改自己的角色' : role ? ROLE_HINT[role] : undefined}
          rules={[{ required: true, message: '请选择角色' }]}
        >
          <Radio.Group disabled={editingSelf}>
            {ROLES.map((x) => (
              <Radio.Button key={x} value={x}>
                {ROLE_TEXT[x]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {role === 'clerk' && (
          <Form.Item name="storeId" label="所属门店" rules={[{ required: true, message: '店员必须选择所属门店' }]}>
            <Select
              placeholder="选择门店"
              options={stores.map((s) => ({ value: s._id, label: s.name, title: s.address }))}
              notFoundContent="还没有门店"
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        )}
      </FormModal>

      <Modal
        open={resetting !== null}
        title={resetting ? `重置「${resetting.displayName}」的密码` : '重置密码'}
        okText="重置密码"
        cancelText="取消"
        confirmLoading={busy}
        onOk={resetPassword}
        onCancel={() => setResetting(null)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'reset-save' }}
      >
        <Typography.Paragraph type="secondary">
          {resetting && isSelf(resetting) ? '修改后需要用新密码重新登录。' : '重置后该账号的所有登录会立即失效，需要用新密码重新登录。'}
        </Typography.Paragraph>
        <Form form={pwForm} name="reset" layout="vertical" autoComplete="off" preserve={false}>
          <Form.Item
            name="password"
            label="新密码"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: 8, message: '密码至少 8 个字符' },
            ]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="再次输入新密码"
            dependencies={['password']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
              }),
            ]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
