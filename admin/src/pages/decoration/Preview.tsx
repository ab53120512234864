/** A phone-sized sketch of the draft, module by module, as the storefront lays it out (products as placeholders). */
import { MODULE_LABELS, type DecorationModule } from '@shop/types';
import type { Targets } from './options';

const labelOf = (options: { value: string; label: string }[], id: string | null) => options.find((o) => o.value === id)?.label ?? '';

function Module({ m, targets }: { m: DecorationModule; targets: Targets }) {
  switch (m.kind) {
    case 'banner': {
      const first = m.items[0];
      return (
        <div className="pv-banner">
          {first?.image ? <img src={first.image} alt="" /> : <div className="pv-empty">轮播图</div>}
          {first?.title ? <span className="pv-banner__title">{first.title}</span> : null}
          <span className="pv-banner__dots">{m.items.map((_, i) => (i === 0 ? '●' : '○')).join(' ')}</span>
        </div>
      );
    }
    case 'notice':
      return (
        <div className="pv-notice">
          <b>公告</b> {m.text || '公告内容'}
        </div>
      );
    case 'nav':
      return (
        <div className="pv-nav" style={{ gridTemplateColumns: `repeat(${m.columns}, 1fr)` }}>
          {m.items.map((it, i) => (
            <div key={i} className="pv-nav__item">
              {it.icon ? <img src={it.icon} alt="" /> : <span className="pv-nav__text">{it.title.slice(0, 1) || '?'}</span>}
              <small>{it.title}</small>
            </div>
          ))}
        </div>
      );
    case 'productGroup': {
      const s = m.source;
      const from = s.by === 'group' ? labelOf(targets.groups, s.groupId) || '未选分组' : `${labelOf(targets.categories, s.categoryId) || '全部商品'} · ${s.sort === 'newest' ? '最新' : '销量'}`;
      return (
        <div className="pv-group">
          <div className="pv-title">{m.title || MODULE_LABELS.productGroup}</div>
          <div className="pv-cards">
            {Array.from({ length: Math.min(m.count, 4) }, (_, i) => (
              <div key={i} className="pv-card">
                <div className="pv-card__img" />
                <small>{from}</small>
              </div>
            ))}
          </div>
        </div>
      );
    }
    case 'flashSale':
      return (
        <div className="pv-flash">
          <div className="pv-flash__head">{m.title || '限时秒杀'} <small>距结束 00:00:00</small></div>
          <div className="pv-flash__items">
            {Array.from({ length: m.count }, (_, i) => (
              <div key={i} className="pv-card__img" />
            ))}
          </div>
        </div>
      );
    case 'coupons':
      return (
        <div className="pv-coupons">
          <div className="pv-title">{m.title}</div>
          <div className="pv-coupons__list">
            {m.couponIds.map((id) => (
              <span key={id} className="pv-coupon">
                {labelOf(targets.coupons, id) || '优惠券'}
              </span>
            ))}
          </div>
        </div>
      );
    case 'picture':
      return <div className="pv-picture">{m.image ? <img src={m.image} alt="" /> : <div className="pv-empty">图片广告</div>}</div>;
  }
}

export function Preview({ modules, selected, onSelect, targets }: { modules: DecorationModule[]; selected: string | null; onSelect: (key: string) => void; targets: Targets }) {
  return (
    <div className="phone-preview" data-testid="phone-preview">
      <div className="phone-preview__bar">首页</div>
      <div className="phone-preview__screen">
        <div className="pv-search">搜索商品</div>
        {modules.map((m) => (
          <div key={m.key} className={`pv-module${m.key === selected ? ' pv-module--selected' : ''}`} data-kind={m.kind} onClick={() => onSelect(m.key)}>
            <Module m={m} targets={targets} />
          </div>
        ))}
        {!modules.length && <div className="pv-empty pv-empty--page">从左侧添加模块</div>}
      </div>
    </div>
  );
}
