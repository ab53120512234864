import { useRef, useState, type ChangeEvent } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call } from '../../api/client';
import ProductImage from '../ProductImage';
import { handleError } from '../../lib/errors';
import { EVIDENCE_MAX } from '../../lib/aftersales';
import './index.scss';

interface Props {
  urls: string[];
  onChange: (urls: string[]) => void;
}
type Picked = { filename: string; read: () => Promise<string> };

const IS_H5 = process.env.TARO_ENV === 'h5';
const MAX_BYTES = 2 * 1024 * 1024;

/** H5: a File -> base64 (without the data: prefix). */
const fileBase64 = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('读取图片失败'));
    reader.readAsDataURL(file);
  });

/** weapp: pick pictures from the album or the camera, read as base64. */
const chooseOnWeapp = async (count: number): Promise<Picked[]> => {
  const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  const fs = Taro.getFileSystemManager();
  return res.tempFilePaths.map((path) => ({
    filename: path.split('/').pop() || 'evidence.jpg',
    read: async () => fs.readFileSync(path, 'base64') as string,
  }));
};

/**
 * Evidence pictures for an after-sales request (#as-evidence): up to 9 thumbnails (.evidence-thumb, × removes one)
 * and an add tile. H5 picks with a file input, weapp with Taro.chooseImage; each picture goes to
 * aftersale.uploadEvidence and its URL is kept.
 */
export default function EvidencePicker({ urls, onChange }: Props) {
  const [uploading, setUploading] = useState(0);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const left = EVIDENCE_MAX - urls.length - uploading;

  const upload = async (picked: Picked[]) => {
    const take = picked.slice(0, Math.max(0, left));
    if (!take.length) return;
    setUploading((n) => n + take.length);
    let next = urls;
    for (const p of take) {
      try {
        const { url } = await call('aftersale', 'uploadEvidence', { filename: p.filename, contentBase64: await p.read() });
        next = [...next, url];
        onChange(next);
      } catch (e) {
        handleError(e);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = ''; // the same picture may be picked again
    const tooBig = files.filter((f) => f.size > MAX_BYTES);
    if (tooBig.length) void Taro.showToast({ title: '图片太大，请选择 2 MB 以内的图片', icon: 'none' });
    void upload(files.filter((f) => f.size <= MAX_BYTES).map((f) => ({ filename: f.name || 'evidence.jpg', read: () => fileBase64(f) })));
  };

  const add = async () => {
    if (left <= 0) return;
    if (IS_H5) return fileInput.current?.click();
    try {
      await upload(await chooseOnWeapp(left));
    } catch (e) {
      if (!/cancel/i.test((e as { errMsg?: string } | null)?.errMsg ?? '')) handleError(e);
    }
  };

  return (
    <View id="as-evidence" className="evidence" data-count={String(urls.length)}>
      {urls.map((u, i) => (
        <View key={u + i} className="evidence-thumb" data-url={u}>
          <ProductImage className="evidence-thumb__image" src={u} />
          <Text className="evidence-thumb__remove" onClick={() => onChange(urls.filter((_, j) => j !== i))}>
            ×
          </Text>
        </View>
      ))}
      {Array.from({ length: uploading }, (_, i) => (
        <View key={`up-${i}`} className="evidence-thumb evidence-thumb--busy">
          上传中…
        </View>
      ))}
      {left > 0 ? (
        <View id="as-evidence-add" className="evidence-add" onClick={() => void add()}>
          <Text className="evidence-add__plus">+</Text>
          <Text className="evidence-add__text">上传凭证</Text>
          <Text className="evidence-add__text">
            {urls.length}/{EVIDENCE_MAX}
          </Text>
        </View>
      ) : null}
      {IS_H5 ? <input ref={fileInput} id="as-evidence-file" className="evidence-file" type="file" accept="image/*" multiple onChange={onFiles} /> : null}
    </View>
  );
}
