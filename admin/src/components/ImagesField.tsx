import { useState } from 'react';
import { Button, Image, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PRODUCT_IMAGES_MAX } from '@shop/types';

const URL_RE = /^(https?:\/\/|\/)/;

interface Props {
  value?: string[];
  onChange?: (v: string[]) => void;
}

/** Showcase images as URLs (or paths such as /assets/products/tea.svg); the first one is the cover. */
export function ImagesField({ value = [], onChange }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    const url = text.trim();
    if (!url) return;
    if (!URL_RE.test(url) || url.length > 500) return setError('图片地址需要以 http(s):// 或 / 开头，且不超过 500 个字符');
    if (value.includes(url)) return setError('这张图片已经添加过了');
    if (value.length >= PRODUCT_IMAGES_MAX) return setError(`最多 ${PRODUCT_IMAGES_MAX} 张图片`);
    setError(null);
    setText('');
    onChange?.([...value, url]);
  };
  const removeAt = (i: number) => onChange?.(value.filter((_, j) => j !== i));
  const toFront = (i: number) => onChange?.([value[i], ...value.filter((_, j) => j !== i)]);

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
      <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
        <Input
          id="image-url"
          data-testid="image-url-input"
          placeholder="图片地址，如 https://… 或 /assets/products/tea.svg"
          value={text}
          status={error ? 'error' : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onPressEnter={(e) => {
            e.preventDefault();
            add();
          }}
        />
        <Button icon={<PlusOutlined />} onClick={add} disabled={value.length >= PRODUCT_IMAGES_MAX} data-testid="image-add">
          添加图片
        </Button>
      </Space.Compact>
      <div>
        {error ? (
          <span className="field-error">{error}</span>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            已添加 {value.length} / {PRODUCT_IMAGES_MAX} 张，第一张为封面；点击图片可预览。
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
