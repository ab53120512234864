import { useRef, useState } from 'react';
import { Button, Image, Input, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { IMAGE_UPLOAD_MAX_BYTES, IMAGE_UPLOAD_TYPES, PRODUCT_IMAGES_MAX } from '@shop/types';
import { ApiError, call } from '../api';
import { errorText } from '../errors';

export const URL_RE = /^(https?:\/\/|\/)/;
export const MAX_MB = IMAGE_UPLOAD_MAX_BYTES / 1024 / 1024;
export const TYPES_TEXT = 'PNG、JPEG、GIF、WebP';

interface Props {
  value?: string[];
  onChange?: (v: string[]) => void;
}

/** The file as bare base64 (what productAdmin.uploadImage takes), read by the browser. */
export const readBase64 = (file: Blob) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('无法读取文件'));
    r.readAsDataURL(file);
  });

/** Checks in the browser before sending (the server checks again, by the file's bytes). */
export const localProblem = (file: File): string | null => {
  if (!(IMAGE_UPLOAD_TYPES as readonly string[]).includes(file.type)) return `只支持 ${TYPES_TEXT} 格式的图片`;
  if (file.size === 0) return '文件是空的';
  if (file.size > IMAGE_UPLOAD_MAX_BYTES) return `图片不能超过 ${MAX_MB} MB（这张 ${(file.size / 1024 / 1024).toFixed(1)} MB）`;
  return null;
};

export const uploadErrorText = (e: unknown): string => {
  if (e instanceof ApiError && e.code === 'PAYLOAD_TOO_LARGE') return `图片不能超过 ${MAX_MB} MB`;
  if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') return `只支持 ${TYPES_TEXT} 格式的图片（${e.message}）`;
  return errorText(e);
};

/**
 * Showcase images: uploaded pictures (stored by productAdmin.uploadImage) or URLs / paths such as
 * /assets/products/tea.svg; the first one is the cover.
 */
export function ImagesField({ value = [], onChange }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** the message is about the typed URL (and not about an upload): mark the input */
  const [urlInvalid, setUrlInvalid] = useState(false);
  const [pending, setPending] = useState(0);
  // uploads finish one by one after several renders: append to the latest list, and count the ones in flight
  const latest = useRef(value);
  latest.current = value;
  const inFlight = useRef(0);

  const add = () => {
    const url = text.trim();
    if (!url) return;
    const problem =
      !URL_RE.test(url) || url.length > 500
        ? '图片地址需要以 http(s):// 或 / 开头，且不超过 500 个字符'
        : value.includes(url)
          ? '这张图片已经添加过了'
          : value.length + inFlight.current >= PRODUCT_IMAGES_MAX
            ? `最多 ${PRODUCT_IMAGES_MAX} 张图片`
            : null;
    setError(problem);
    setUrlInvalid(!!problem);
    if (problem) return;
    setText('');
    onChange?.([...value, url]);
  };
  const removeAt = (i: number) => onChange?.(value.filter((_, j) => j !== i));
  const toFront = (i: number) => onChange?.([value[i], ...value.filter((_, j) => j !== i)]);

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    setUrlInvalid(false);
    const problem = localProblem(file);
    if (problem) {
      setError(`${file.name}：${problem}`);
      return Upload.LIST_IGNORE;
    }
    if (latest.current.length + inFlight.current >= PRODUCT_IMAGES_MAX) {
      setError(`最多 ${PRODUCT_IMAGES_MAX} 张图片，${file.name} 没有上传`);
      return Upload.LIST_IGNORE;
    }
    inFlight.current += 1;
    setPending(inFlight.current);
    setError(null);
    return true;
  };

  const customRequest: UploadProps['customRequest'] = async ({ file, onSuccess, onError }) => {
    const name = file instanceof File ? file.name : '图片';
    try {
      if (!(file instanceof Blob)) throw new Error('无法读取文件');
      const contentBase64 = await readBase64(file);
      const uploaded = await call('productAdmin', 'uploadImage', { filename: name, contentBase64 });
      const current = latest.current;
      if (current.includes(uploaded.url)) setError(`${name}：这张图片已经添加过了`);
      else {
        const next = [...current, uploaded.url];
        latest.current = next;
        onChange?.(next);
      }
      onSuccess?.(uploaded);
    } catch (e) {
      setError(`${name} 上传失败：${uploadErrorText(e)}`);
      onError?.(e instanceof Error ? e : new Error(String(e)));
    } finally {
      inFlight.current -= 1;
      setPending(inFlight.current);
    }
  };

  const full = value.length + pending >= PRODUCT_IMAGES_MAX;
  return (
    <div data-testid="images-field">
      {value.length > 0 && (
        <Image.PreviewGroup>
          <div className="thumb-list" style={{ marginBottom: 12 }}>
            {value.map((url, i) => (
              <div className="thumb" key={url} data-testid={`image-${i}`}>
                {i === 0 && (
                  <Tag color="blue" className="cover-badge">
                    封面
                  </Tag>
                )}
                <Image src={url} alt={`图片 ${i + 1}`} />
                <div className="thumb-actions">
                  <Tooltip title="设为封面">
                    <Button size="small" type="text" icon={<ArrowLeftOutlined />} disabled={i === 0} onClick={() => toFront(i)} />
                  </Tooltip>
                  <Tooltip title="删除">
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`image-remove-${i}`} onClick={() => removeAt(i)} />
                  </Tooltip>
                </div>
              </div>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
      <Space wrap align="start" style={{ width: '100%' }}>
        <Upload
          accept={IMAGE_UPLOAD_TYPES.join(',')}
          multiple
          showUploadList={false}
          disabled={full}
          beforeUpload={beforeUpload}
          customRequest={customRequest}
          data-testid="image-upload"
        >
          <Button icon={<UploadOutlined />} type="primary" ghost loading={pending > 0} disabled={full} data-testid="image-upload-button">
            {pending > 0 ? `上传中（${pending}）` : '上传图片'}
          </Button>
        </Upload>
        <Space.Compact style={{ width: 480, maxWidth: '100%' }}>
          <Input
            id="image-url"
            data-testid="image-url-input"
            placeholder="或输入图片地址：https://… 或 /assets/…"
            value={text}
            status={urlInvalid ? 'error' : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
              setUrlInvalid(false);
            }}
            onPressEnter={(e) => {
              e.preventDefault();
              add();
            }}
          />
          <Button icon={<PlusOutlined />} onClick={add} disabled={full} data-testid="image-add">
            添加图片
          </Button>
        </Space.Compact>
      </Space>
      <div>
        {error ? (
          <span className="field-error" data-testid="image-error">
            {error}
          </span>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            支持 {TYPES_TEXT}，每张不超过 {MAX_MB} MB；已添加 {value.length} / {PRODUCT_IMAGES_MAX} 张，第一张为封面；点击图片可预览。
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
