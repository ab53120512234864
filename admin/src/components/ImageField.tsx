import { useState } from 'react';
import { Button, Image, Input, Space, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { IMAGE_UPLOAD_TYPES } from '@shop/types';
import { call } from '../api';
import { MAX_MB, TYPES_TEXT, localProblem, readBase64, uploadErrorText } from './ImagesField';

/** an http(s) URL, a path on the gateway or a CloudBase file id */
const PICTURE_RE = /^(https?:\/\/|\/[^/]|cloud:\/\/)/;

interface Props {
  value?: string | null;
  onChange?: (v: string | null) => void;
  /** the test id prefix: `<id>-upload`, `<id>-url`, `<id>-preview`, `<id>-remove`, `<id>-error` */
  id: string;
  /** what the picture is for, under the field (size advice) */
  hint?: string;
  disabled?: boolean;
}

/**
 * One picture (a logo, a share picture): uploaded through the shop's storage (productAdmin.uploadImage, the same
 * checks as product pictures), or an address typed in (http(s)://, /assets/…, cloud://…). Empty: null.
 */
export function ImageField({ value = null, onChange, id, hint, disabled = false }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const takeTyped = () => {
    const url = text.trim();
    if (!url) return;
    if (!PICTURE_RE.test(url) || url.length > 500) return setError('图片地址需要以 http(s)://、/ 或 cloud:// 开头，且不超过 500 个字符');
    setError(null);
    setText('');
    onChange?.(url);
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const problem = localProblem(file);
    if (problem) {
      setError(`${file.name}：${problem}`);
      return Upload.LIST_IGNORE;
    }
    setError(null);
    return true;
  };
  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const name = file instanceof File ? file.name : '图片';
    setBusy(true);
    try {
      if (!(file instanceof Blob)) throw new Error('无法读取文件');
      const uploaded = await call('productAdmin', 'uploadImage', { filename: name, contentBase64: await readBase64(file) });
      onChange?.(uploaded.url);
      onSuccess?.(uploaded);
    } catch (e) {
      setError(`${name} 上传失败：${uploadErrorText(e)}`);
      onError?.(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid={id}>
      {value && (
        <div className="thumb" style={{ marginBottom: 8 }}>
          <Image src={value} alt="" data-testid={`${id}-preview`} />
          <div className="thumb-actions">
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 64, fontSize: 12 }} title={value}>
              {value.split('/').pop()}
            </Typography.Text>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={disabled} aria-label="移除图片" data-testid={`${id}-remove`} onClick={() => onChange?.(null)} />
          </div>
        </div>
      )}
      <Space wrap align="start">
        <Upload accept={IMAGE_UPLOAD_TYPES.join(',')} showUploadList={false} disabled={disabled || busy} beforeUpload={beforeUpload} customRequest={customRequest}>
          <Button icon={<UploadOutlined />} loading={busy} disabled={disabled} data-testid={`${id}-upload`}>
            {value ? '更换图片' : '上传图片'}
          </Button>
        </Upload>
        <Space.Compact style={{ width: 380, maxWidth: '100%' }}>
          <Input
            data-testid={`${id}-url`}
            placeholder="或输入图片地址：https://…、/assets/… 或 cloud://…"
            value={text}
            disabled={disabled}
            status={error ? 'error' : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            onPressEnter={(e) => {
              e.preventDefault();
              takeTyped();
            }}
          />
          <Button disabled={disabled} onClick={takeTyped}>
            使用
          </Button>
        </Space.Compact>
      </Space>
      <div>
        {error ? (
          <span className="field-error" data-testid={`${id}-error`}>
            {error}
          </span>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {hint ? `${hint}；` : ''}支持 {TYPES_TEXT}，不超过 {MAX_MB} MB。
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
