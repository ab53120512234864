/**
 * The product's 图文详情 editor (Tiptap): headings, bold / italic / underline / strike, lists, quotes, alignment and
 * pictures uploaded through the shop's storage (productAdmin.uploadImage, like the showcase images). Its value is
 * HTML; the server sanitizes it on save (outside pictures and links are dropped there). A detail saved before
 * details were rich (plain lines) opens as paragraphs. Loaded lazily (the default export), so that the editor
 * stays out of the admin's entry bundle.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import TextAlign from '@tiptap/extension-text-align';
import { Alert, Button, Divider, Space, Tooltip, Typography } from 'antd';
import {
  AlignCenterOutlined,
  AlignLeftOutlined,
  AlignRightOutlined,
  BoldOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  PictureOutlined,
  RedoOutlined,
  StrikethroughOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { IMAGE_UPLOAD_TYPES, looksLikeHtml, plainDetailToHtml, PRODUCT_DETAIL_MAX } from '@shop/types';
import { call } from '../api';
import { localProblem, readBase64, uploadErrorText } from './ImagesField';

interface Props {
  value?: string;
  onChange?: (html: string) => void;
}

/** what the editor shows for a stored detail: HTML as it is, old plain lines as paragraphs */
const asEditorHtml = (v: string) => (looksLikeHtml(v) ? v : plainDetailToHtml(v));

const CSS = `
.rich-editor .ProseMirror { min-height: 240px; max-height: 560px; overflow-y: auto; padding: 8px 12px; outline: none; }
.rich-editor .ProseMirror img { max-width: 100%; height: auto; display: block; margin: 8px 0; }
.rich-editor .ProseMirror img.ProseMirror-selectednode { outline: 2px solid #1677ff; }
.rich-editor .ProseMirror p { margin: 0 0 8px; }
.rich-editor .ProseMirror blockquote { border-left: 3px solid #d9d9d9; margin: 0 0 8px; padding-left: 12px; color: #666; }
`;

function Tool({ title, active, onClick, children, testId }: { title: string; active?: boolean; onClick: () => void; children: ReactNode; testId: string }) {
  return (
    <Tooltip title={title}>
      <Button size="small" type={active ? 'primary' : 'text'} onMouseDown={(e) => e.preventDefault()} onClick={onClick} aria-label={title} aria-pressed={!!active} data-testid={testId}>
        {children}
      </Button>
    </Tooltip>
  );
}

function Toolbar({ editor, onPicture, uploading }: { editor: Editor; onPicture: () => void; uploading: boolean }) {
  const run = () => editor.chain().focus();
  return (
    <Space size={2} wrap style={{ padding: 4, borderBottom: '1px solid #f0f0f0', width: '100%' }}>
      <Tool title="正文" testId="rich-paragraph" active={editor.isActive('paragraph')} onClick={() => run().setParagraph().run()}>正文</Tool>
      <Tool title="大标题" testId="rich-h2" active={editor.isActive('heading', { level: 2 })} onClick={() => run().toggleHeading({ level: 2 }).run()}>H2</Tool>
      <Tool title="小标题" testId="rich-h3" active={editor.isActive('heading', { level: 3 })} onClick={() => run().toggleHeading({ level: 3 }).run()}>H3</Tool>
      <Divider orientation="vertical" />
      <Tool title="加粗" testId="rich-bold" active={editor.isActive('bold')} onClick={() => run().toggleBold().run()}><BoldOutlined /></Tool>
      <Tool title="斜体" testId="rich-italic" active={editor.isActive('italic')} onClick={() => run().toggleItalic().run()}><ItalicOutlined /></Tool>
      <Tool title="下划线" testId="rich-underline" active={editor.isActive('underline')} onClick={() => run().toggleUnderline().run()}><UnderlineOutlined /></Tool>
      <Tool title="删除线" testId="rich-strike" active={editor.isActive('strike')} onClick={() => run().toggleStrike().run()}><StrikethroughOutlined /></Tool>
      <Divider orientation="vertical" />
      <Tool title="无序列表" testId="rich-bullets" active={editor.isActive('bulletList')} onClick={() => run().toggleBulletList().run()}><UnorderedListOutlined /></Tool>
      <Tool title="有序列表" testId="rich-numbers" active={editor.isActive('orderedList')} onClick={() => run().toggleOrderedList().run()}><OrderedListOutlined /></Tool>
      <Divider orientation="vertical" />
      <Tool title="左对齐" testId="rich-align-left" active={editor.isActive({ textAlign: 'left' })} onClick={() => run().setTextAlign('left').run()}><AlignLeftOutlined /></Tool>
      <Tool title="居中" testId="rich-align-center" active={editor.isActive({ textAlign: 'center' })} onClick={() => run().setTextAlign('center').run()}><AlignCenterOutlined /></Tool>
      <Tool title="右对齐" testId="rich-align-right" active={editor.isActive({ textAlign: 'right' })} onClick={() => run().setTextAlign('right').run()}><AlignRightOutlined /></Tool>
      <Divider orientation="vertical" />
      <Tooltip title="插入图片（上传到店铺存储）">
        <Button size="small" type="text" icon={<PictureOutlined />} loading={uploading} onMouseDown={(e) => e.preventDefault()} onClick={onPicture} data-testid="rich-image">
          图片
        </Button>
      </Tooltip>
      <Divider orientation="vertical" />
      <Tool title="撤销" testId="rich-undo" onClick={() => run().undo().run()}><UndoOutlined /></Tool>
      <Tool title="重做" testId="rich-redo" onClick={() => run().redo().run()}><RedoOutlined /></Tool>
    </Space>
  );
}

export default function RichEditor({ value = '', onChange }: Props) {
  // the last HTML this editor reported: a value equal to it is the editor's own, not one to load
  const emitted = useRef<string>(value);
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [length, setLength] = useState(value.length);

  const editor = useEditor({
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3] }, link: false, code: false, codeBlock: false }),
      Image.configure({ inline: false, allowBase64: false }),
      TextAlign.configure({ types: ['heading', 'paragraph'] }),
    ],
    content: asEditorHtml(value),
    shouldRerenderOnTransaction: true,
    editorProps: { attributes: { 'data-testid': 'rich-detail-editor', 'aria-label': '商品详情' } },
    onUpdate: ({ editor: e }) => {
      const html = e.isEmpty ? '' : e.getHTML();
      emitted.current = html;
      setLength(html.length);
      onChange?.(html);
    },
  });

  // a value set from outside (the product loaded, the form reset) replaces the content without reporting a change
  useEffect(() => {
    if (!editor || value === emitted.current) return;
    emitted.current = value;
    setLength(value.length);
    const load = () => void editor.commands.setContent(asEditorHtml(value), { emitUpdate: false });
    // commands need the editor's view, which exists once EditorContent has mounted it
    if (editor.isInitialized) load();
    else editor.once('create', load);
  }, [editor, value]);

  const pickPicture = async (file: File) => {
    const problem = localProblem(file);
    if (problem) return setError(`${file.name}：${problem}`);
    setError(null);
    setUploading(true);
    try {
      const uploaded = await call('productAdmin', 'uploadImage', { filename: file.name, contentBase64: await readBase64(file) });
      editor?.chain().focus().setImage({ src: uploaded.url, alt: file.name.replace(/\.[^.]*$/, '') }).run();
    } catch (e) {
      setError(`${file.name} 上传失败：${uploadErrorText(e)}`);
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="rich-editor" style={{ border: '1px solid #d9d9d9', borderRadius: 6, background: '#fff' }}>
      <style>{CSS}</style>
      {editor && <Toolbar editor={editor} uploading={uploading} onPicture={() => fileInput.current?.click()} />}
      <input
        ref={fileInput}
        type="file"
        accept={IMAGE_UPLOAD_TYPES.join(',')}
        style={{ display: 'none' }}
        data-testid="rich-image-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void pickPicture(file);
        }}
      />
      <EditorContent editor={editor} />
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ margin: 8 }} data-testid="rich-image-error" />}
      <Typography.Text type={length > PRODUCT_DETAIL_MAX ? 'danger' : 'secondary'} style={{ display: 'block', padding: '0 12px 6px', fontSize: 12 }}>
        保存时只保留安全的内容：脚本、外部图片和指向店外的链接会被移除。{length} / {PRODUCT_DETAIL_MAX}
      </Typography.Text>
    </div>
  );
}
